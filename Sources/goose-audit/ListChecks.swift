import ArgumentParser
import CheckCatalog
import Foundation
import GooseAuditCore
import GooseAuditReports

struct ListChecks: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checks", abstract: "List the registered checks.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(name: .long, help: "text (a table) or json (one object per check, for scripts).")
    var format: Format = .text

    /// One check in `checks --format json`.
    struct Item: Encodable {
        let id: String
        let title: String
        let severity: String
        let category: String
        let kind: String
        let summary: String
        let remediation: String
        let fixable: Bool
        let references: [String]
        let documentation: String
    }

    func run() throws {
        let descriptors = try allDescriptors()
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let items = descriptors.map {
                Item(
                    id: $0.id, title: $0.title, severity: $0.severity.name, category: $0.category.rawValue, kind: $0.kind.rawValue,
                    summary: $0.summary, remediation: $0.remediation, fixable: $0.fixable, references: $0.references,
                    documentation: CheckDocs.relativePath($0.id))
            }
            print(String(decoding: try encoder.encode(items), as: UTF8.self))
            return
        }
        let width = descriptors.map(\.id.count).max() ?? 0
        for descriptor in descriptors {
            let id = descriptor.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let severity = descriptor.severity.name.padding(toLength: 8, withPad: " ", startingAt: 0)
            print(
                "\(id)  \(severity)  \(descriptor.category.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0))  \(descriptor.title)"
            )
        }
        print("\(descriptors.count) checks")
    }
}

/// Shell completion of check ids (`goose-audit explain <TAB>`).
func completeCheckIDs(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
    let ids = (try? CheckCatalog.registry.makeChecks().flatMap(\.ruleDescriptors).map(\.id)) ?? []
    return ids.filter { $0.hasPrefix(prefix) }.sorted()
}
