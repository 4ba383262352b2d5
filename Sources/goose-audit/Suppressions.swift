import ArgumentParser
import Foundation
import GooseAuditCore
import GooseAuditReports

struct Suppressions: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every active suppression (inline comments, baseline, configuration) with its reason and location.")

    @OptionGroup var inputs: ScanInputs

    func run() throws {
        let prepared = try inputs.prepare()
        let report = Report(result: prepared.run(), tool: ToolInfo(version: GooseAudit.version))
        let configuration = prepared.settings.configuration
        var lines: [String] = []
        for finding in report.suppressed {
            guard let suppression = finding.suppression else { continue }
            lines.append("\(suppression.source.rawValue)\t\(shown(finding.ruleID))\t\(shown(finding.place))\t\(shown(suppression.reason))")
        }
        let source = shown(configuration.source ?? "command line")
        for id in configuration.disabledChecks.sorted() {
            lines.append("configuration\t\(shown(id))\t\(source)\tcheck disabled (checks.disable)")
        }
        for (id, severity) in configuration.severityOverrides.sorted(by: { $0.key < $1.key }) {
            lines.append("configuration\t\(shown(id))\t\(source)\tseverity overridden to \(severity.name)")
        }
        for pattern in prepared.context.options.excludes {
            lines.append("configuration\t*\t\(source)\tpaths excluded: \(shown(pattern))")
        }
        if !prepared.context.options.inlineSuppressions {
            lines.append("note\t-\t-\tinline suppressions are not honoured in this configuration")
        }
        emit(lines.isEmpty ? "no active suppressions" : (["source\trule\tlocation\treason"] + lines).joined(separator: "\n"))
    }
}
