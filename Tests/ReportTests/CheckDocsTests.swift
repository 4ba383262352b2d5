import CheckCatalog
import Foundation
import GooseAuditCore
import GooseAuditReports
import GooseAuditTestSupport
import Testing

struct CheckDocsTests {
    static let directory = PackagePaths.root(from: #filePath) + "/docs/checks"

    @Test("the committed check pages are up to date (regenerate with: goose-audit docs --output docs/checks)")
    func notStale() throws {
        let descriptors = try CheckCatalog.registry.makeChecks().flatMap(\.ruleDescriptors)
        let expected = CheckDocs.files(descriptors)
        let committed = Set(try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".md") })
        #expect(committed == Set(expected.keys), "pages to add or remove: \(committed.symmetricDifference(expected.keys).sorted())")
        for (name, text) in expected {
            let onDisk = try? String(contentsOfFile: Self.directory + "/" + name, encoding: .utf8)
            #expect(onDisk == text, "docs/checks/\(name) is stale")
        }
    }

    @Test("every page carries the generated banner and its check's remediation")
    func pageContents() throws {
        for descriptor in RichReport.descriptors {
            let page = CheckDocs.page(descriptor)
            #expect(page.hasPrefix(CheckDocs.banner))
            #expect(page.contains(descriptor.remediation))
        }
    }
}
