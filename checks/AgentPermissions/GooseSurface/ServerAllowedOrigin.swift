import GooseAuditCore
import StructuredText

/// `goose serve --allowed-origin` replacing the loopback-only CORS default (PR #9886,
/// `goose-cli/src/cli.rs` Serve).
enum ServerAllowedOrigin {
    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "server_allowed_origin_wide", title: "goose serve accepts browser requests from other origins",
            summary:
                "Reports `--allowed-origin` values in service definitions that are `*` (high) or name a host other than loopback (medium).",
            rationale: """
                By default `goose serve` answers browser requests only from loopback origins. `--allowed-origin` \
                widens that: with `*` any web page the user visits can call the server from the browser, and with a \
                remote origin everything served from that site can; the key, often kept by the page, is then the only \
                barrier between a cross-site script and the agent.
                """,
            remediation: "Drop `--allowed-origin`, or list exactly the loopback or internal origin of the client you run.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: [.serviceDefinition],
            references: ["CWE-942", "https://github.com/block/goose/pull/9886"],
            examples: [
                CheckExample(
                    "wildcard origin", .fail, role: .path,
                    files: [
                        .file(
                            "goose-serve.service",
                            "[Service]\nEnvironmentFile=/etc/goose/serve.env\nExecStart=/usr/local/bin/goose serve --allowed-origin *\n")
                    ], expected: ["goose-serve.service:3"]),
                CheckExample(
                    "loopback origin", .pass, role: .path,
                    files: [
                        .file(
                            "goose-serve.service",
                            "[Service]\nEnvironmentFile=/etc/goose/serve.env\nExecStart=/usr/local/bin/goose serve --allowed-origin http://localhost:5173\n"
                        )
                    ]),
            ]),
        subjects: [],
        inspectFile: { target in
            guard let service = ServiceText.of(target) else { return [] }
            let words = service.words
            return words.indices.compactMap { index -> Problem? in
                let word = words[index]
                let value: ServiceText.Word
                if word.text.hasPrefix("--allowed-origin=") {
                    value = ServiceText.Word(text: String(word.text.dropFirst("--allowed-origin=".count)), setting: word.setting)
                } else if word.text == "--allowed-origin", index + 1 < words.count {
                    value = words[index + 1]
                } else {
                    return nil
                }
                if value.text == "*" {
                    return Problem(
                        setting: value.setting, message: "goose serve accepts browser requests from any origin (`--allowed-origin *`)",
                        evidence: "--allowed-origin *")
                }
                guard let host = URLFacts.host(of: value.text), !URLFacts.isLoopback(host) else { return nil }
                return Problem(
                    setting: value.setting, message: "goose serve accepts browser requests from \(host)",
                    evidence: "--allowed-origin \(host)",
                    severity: .medium)
            }
        })
}
