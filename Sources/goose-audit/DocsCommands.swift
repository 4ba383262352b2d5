import ArgumentParser
import CheckCatalog
import Foundation
import GooseAuditCore
import GooseAuditReports

/// Every registered rule's descriptor, sorted by id.
func allDescriptors() throws -> [CheckDescriptor] {
    do {
        return try CheckCatalog.registry.makeChecks().flatMap(\.ruleDescriptors).sorted { $0.id < $1.id }
    } catch {
        printError("goose-audit: cannot load checks: \(error)")
        throw Exit.incomplete
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a check's reference page.")

    @Argument(help: "A check id (see 'goose-audit checks').", completion: .custom { completeCheckIDs($0, $1, $2) })
    var ruleID: String

    func run() throws {
        guard let descriptor = try allDescriptors().first(where: { $0.id == ruleID }) else {
            printError("goose-audit: unknown check id '\(ruleID)' (see goose-audit checks)")
            throw Exit.usage
        }
        print(CheckDocs.page(descriptor), terminator: "")
    }
}

struct Docs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the generated check reference (one page per check and an index).")

    @Option(name: [.short, .long], help: "Directory to write the pages to.")
    var output: String = "docs/checks"

    func run() throws {
        let files = CheckDocs.files(try allDescriptors())
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                try SafeFileWriter.write(Data(text.utf8), to: output + "/" + name, mode: 0o644)
            }
        } catch {
            printError("goose-audit: cannot write \(output): \(error)")
            throw Exit.incomplete
        }
        printError("docs: \(files.count) pages written to \(output)")
    }
}
