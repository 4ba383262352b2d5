import ArgumentParser
import CheckCatalog
import GooseAuditCore

struct ListChecks: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checks", abstract: "List the registered checks.")

    func run() throws {
        let checks = try CheckCatalog.registry.makeChecks()
        let descriptors = checks.flatMap(\.ruleDescriptors).sorted { $0.id < $1.id }
        let width = descriptors.map(\.id.count).max() ?? 0
        for descriptor in descriptors {
            let id = descriptor.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let severity = descriptor.severity.name.padding(toLength: 8, withPad: " ", startingAt: 0)
            print("\(id)  \(severity)  \(descriptor.category.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0))  \(descriptor.title)")
        }
        print("\(descriptors.count) checks")
    }
}
