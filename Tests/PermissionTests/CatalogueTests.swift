import CheckCatalog
import GooseAuditCore
import Testing

/// What the two modules promise as a whole.
struct CatalogueTests {
    static let descriptors = (Permissions.checks + Permissions.workflowChecks).flatMap(\.ruleDescriptors)

    @Test("every check documents a failing example that pins a line or a key path")
    func examplesPinPositions() {
        for descriptor in Self.descriptors {
            let markers = descriptor.examples.filter { $0.expectation == .fail }.flatMap(\.expected)
            #expect(
                markers.contains { $0.contains("#") || $0.split(separator: ":").count > 1 },
                "\(descriptor.id) never asserts a line or key path")
        }
    }

    @Test("both modules are registered in the catalogue, with unique ids")
    func registered() throws {
        let ids = try CheckCatalog.registry.makeChecks().flatMap(\.ruleDescriptors).map(\.id)
        for descriptor in Self.descriptors { #expect(ids.contains(descriptor.id)) }
        #expect(Set(ids).count == ids.count)
    }

    @Test("permission checks belong to the permissions category, workflow checks to workflow")
    func categories() {
        for check in Permissions.checks { #expect(check.descriptor.category == .permissions, "\(check.descriptor.id)") }
        for check in Permissions.workflowChecks { #expect(check.descriptor.category == .workflow, "\(check.descriptor.id)") }
    }
}
