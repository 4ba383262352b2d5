import Synchronization

/// Where an artifact's exposure comes from: a value given up front, or a computation run the first time
/// anything asks (a file inside a tree: most files of a code repository never get a finding, and no check
/// of a secrets-only scan asks for their exposure, so their `lstat` and ACL read are never made).
/// Two sources are equal when their exposures are.
enum ExposureSource: Sendable, Hashable {
    case known(Exposure?)
    case deferred(DeferredExposure)

    var value: Exposure? {
        switch self {
        case .known(let value): value
        case .deferred(let deferred): deferred.value
        }
    }

    static func == (lhs: ExposureSource, rhs: ExposureSource) -> Bool { lhs.value == rhs.value }

    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// An exposure computed once, on first use, and shared by every copy of the artifact (its reclassified and
/// embedded forms).
final class DeferredExposure: Sendable {
    private let make: @Sendable () -> Exposure?
    private let state = Mutex<Exposure??>(nil)

    init(_ make: @escaping @Sendable () -> Exposure?) { self.make = make }

    /// Whether the exposure was computed yet (for tests of the laziness itself).
    var isResolved: Bool { state.withLock { $0 != nil } }

    var value: Exposure? {
        state.withLock { state in
            if let known = state { return known }
            let value = make()
            state = .some(value)
            return value
        }
    }
}
