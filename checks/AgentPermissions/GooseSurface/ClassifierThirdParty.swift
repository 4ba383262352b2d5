import GooseAuditCore
import StructuredText

/// Classifier endpoints that receive tool calls and conversation text (docs `environment-variables.md`:
/// `SECURITY_PROMPT_CLASSIFIER_ENDPOINT`, `SECURITY_COMMAND_CLASSIFIER_ENDPOINT`, their `_TOKEN`s).
enum ClassifierThirdParty {
    static let endpoints = ["SECURITY_PROMPT_CLASSIFIER_ENDPOINT", "SECURITY_COMMAND_CLASSIFIER_ENDPOINT"]

    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "security_classifier_remote", title: "Tool calls sent to a remote classifier",
            summary:
                "Reports prompt and command classifier endpoints that are not on loopback (plain http: high), naming whether a classifier token is sent too.",
            rationale: """
                With a classifier endpoint set, goose sends every shell tool call, with its arguments and context, to \
                that service to be scored. Commands carry file contents, paths and credentials; a third-party \
                endpoint receives them all, and its `_TOKEN` is a credential of its own. Over plain http anyone on \
                the path reads them and can answer \"benign\" to everything.
                """,
            remediation: "Run the classifier on loopback or an internal https endpoint you control; keep its token in the keyring.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-359", "CWE-319"],
            examples: [
                CheckExample(
                    "http classifier", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nSECURITY_COMMAND_CLASSIFIER_ENABLED: true\nSECURITY_COMMAND_CLASSIFIER_ENDPOINT: http://classify.example.invalid/v1\n"
                        )
                    ], expected: ["config.yaml:3#SECURITY_COMMAND_CLASSIFIER_ENDPOINT"]),
                CheckExample(
                    "loopback classifier", .pass,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nSECURITY_PROMPT_CLASSIFIER_ENABLED: true\nSECURITY_PROMPT_CLASSIFIER_ENDPOINT: http://127.0.0.1:8000/classify\n"
                        )
                    ]),
            ]),
        subjects: ["SECURITY_PROMPT_CLASSIFIER", "SECURITY_COMMAND_CLASSIFIER"],
        evaluate: { config in
            endpoints.compactMap { name in
                guard let setting = config.value(name), let url = setting.string, let host = URLFacts.host(of: url),
                    !URLFacts.isLoopback(host)
                else { return nil }
                let token = config.value(name.replacingOccurrences(of: "_ENDPOINT", with: "_TOKEN")) != nil ? " with its token" : ""
                let cleartext = !URLFacts.isHTTPS(url)
                return Problem(
                    setting: setting,
                    message: "goose sends tool calls\(token) to the classifier at \(host)\(cleartext ? " over plain http" : "")",
                    evidence: "\(name) host \(host)", severity: cleartext ? .high : nil)
            }
        })
}
