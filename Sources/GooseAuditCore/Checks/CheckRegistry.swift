/// The registered check modules, and the checks they build.
public struct CheckRegistry: Sendable {
    public var modules: [any CheckModule.Type]

    public init(modules: [any CheckModule.Type]) {
        self.modules = modules
    }

    /// Builds every module's checks. A module whose rule data does not load stops the run: a
    /// security gate must not go green because half its rules are missing.
    public func makeChecks(_ configuration: ModuleConfiguration = ModuleConfiguration()) throws -> [any Check] {
        var checks: [any Check] = []
        var seen = Set<String>()
        for module in modules {
            for check in try module.makeChecks(configuration) {
                for descriptor in check.ruleDescriptors {
                    guard seen.insert(descriptor.id).inserted else { throw RegistryError.duplicateID(descriptor.id, module: module.name) }
                }
                checks.append(check)
            }
        }
        return checks
    }
}

public enum RegistryError: Error, CustomStringConvertible, Equatable {
    case duplicateID(String, module: String)

    public var description: String {
        switch self {
        case .duplicateID(let id, let module): "check id '\(id)' of module \(module) is already registered"
        }
    }
}
