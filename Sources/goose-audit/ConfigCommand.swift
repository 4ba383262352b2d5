import ArgumentParser
import GooseAuditCore

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Validate .goose-audit.yaml and show the settings in force.")

    @OptionGroup var inputs: ScanInputs

    @Flag(name: .long, help: "Print the effective settings (file, flags and defaults combined) as YAML.")
    var effective = false

    func run() throws {
        let prepared = try inputs.prepare()
        if effective {
            emit(prepared.settings.yaml(excludes: prepared.context.options.excludes), terminator: "")
        } else {
            emit("\(shown(prepared.settings.configuration.source ?? "no configuration file")): valid")
        }
    }
}
