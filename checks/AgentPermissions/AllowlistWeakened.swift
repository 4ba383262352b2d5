import GooseAuditCore
import StructuredText

/// `allowlist_weakened`: the extension allowlist fetched insecurely or switched off.
extension SettingChecks {
    static let allowlistWeakened = SettingCheck(
        descriptor: CheckDescriptor(
            id: "allowlist_weakened", title: "Extension allowlist fetched insecurely or switched off",
            summary:
                "Reports a `GOOSE_ALLOWLIST` that is not an `https://` URL, and `GOOSE_ALLOWLIST_BYPASS` or `GOOSE_ALLOWLIST_WARNING` set to true.",
            rationale: """
                The allowlist is goose's only gate on extension installs from `goose://extension` links, and it \
                already fails open (a fetch error means \"trusted\"). Fetched over plain http, anyone on the path can \
                serve an allowlist of their own; `GOOSE_ALLOWLIST_WARNING` turns blocking into an \"Install anyway\" \
                button; `GOOSE_ALLOWLIST_BYPASS` was added for developers (PR #2149) and switches the server-side \
                check off (that check is disabled in current builds, so the bypass is reported with medium confidence).
                """,
            remediation:
                "Host the allowlist over HTTPS with full commands, and remove the bypass and warning variables outside test harnesses.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: [
                "CWE-319", "CWE-693", "https://block.github.io/goose/docs/guides/allowlist", "https://github.com/block/goose/issues/11705",
            ],
            examples: [
                CheckExample(
                    "http allowlist and warning mode", .fail,
                    files: [
                        .file("config.yaml", "GOOSE_MODE: approve\nGOOSE_ALLOWLIST: http://intranet.example/allow.yaml\n")
                    ], environment: ["GOOSE_ALLOWLIST_WARNING": "true"],
                    expected: ["config.yaml:2#GOOSE_ALLOWLIST", "config.yaml#GOOSE_ALLOWLIST_WARNING"]),
                CheckExample(
                    "https allowlist", .pass,
                    files: [
                        .file("config.yaml", "GOOSE_MODE: approve\nGOOSE_ALLOWLIST: https://intranet.example/allow.yaml\n")
                    ], environment: ["GOOSE_ALLOWLIST_BYPASS": "false"]),
            ]),
        subjects: ["GOOSE_ALLOWLIST"],
        evaluate: { config in
            var problems: [Problem] = []
            if let url = config.value("GOOSE_ALLOWLIST"), let text = url.string, !text.isEmpty, !URLFacts.isHTTPS(text) {
                problems.append(
                    Problem(
                        setting: url,
                        message: "the extension allowlist is fetched from a non-https location, so anyone on the path can replace it",
                        evidence: "GOOSE_ALLOWLIST scheme \(text.prefix { $0 != ":" })"))
            }
            if config.isTrue("GOOSE_ALLOWLIST_BYPASS"), let bypass = config.value("GOOSE_ALLOWLIST_BYPASS") {
                problems.append(
                    Problem(
                        setting: bypass, message: "GOOSE_ALLOWLIST_BYPASS switches the extension allowlist off",
                        evidence: "GOOSE_ALLOWLIST_BYPASS=true", confidence: .medium))
            }
            if config.isTrue("GOOSE_ALLOWLIST_WARNING"), let warning = config.value("GOOSE_ALLOWLIST_WARNING") {
                problems.append(
                    Problem(
                        setting: warning, message: "GOOSE_ALLOWLIST_WARNING turns allowlist blocking into an \"install anyway\" prompt",
                        evidence: "GOOSE_ALLOWLIST_WARNING=true", severity: .medium))
            }
            return problems
        })
}
