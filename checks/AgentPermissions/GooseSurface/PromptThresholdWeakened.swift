import GooseAuditCore
import StructuredText

/// `SECURITY_PROMPT_THRESHOLD` above goose's default: a tool call is flagged only when the
/// detector's confidence reaches the threshold (`security/scanner.rs`, default 0.8).
enum PromptThresholdWeakened {
    static let defaultThreshold = 0.8

    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "prompt_injection_threshold_weakened", title: "Prompt-injection detection made less sensitive",
            summary: "Reports `SECURITY_PROMPT_THRESHOLD` above goose's default of 0.8 while prompt-injection detection is enabled.",
            rationale: """
                goose flags a shell tool call as a likely injection when the detector's confidence reaches the \
                threshold. Raising it means only near-certain attacks are stopped; at 1.0 pattern matches below full \
                confidence pass unflagged, while the setting still reads as \"protection on\".
                """,
            remediation: "Remove `SECURITY_PROMPT_THRESHOLD` or set it at or below 0.8.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-1427", "https://block.github.io/goose/docs/guides/security/prompt-injection-detection"],
            examples: [
                CheckExample(
                    "threshold raised", .fail,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nSECURITY_PROMPT_ENABLED: true\nSECURITY_PROMPT_THRESHOLD: 0.99\n")],
                    expected: ["config.yaml:3#SECURITY_PROMPT_THRESHOLD"]),
                CheckExample(
                    "default threshold", .pass,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nSECURITY_PROMPT_ENABLED: true\nSECURITY_PROMPT_THRESHOLD: 0.7\n")]),
            ]),
        subjects: ["SECURITY_PROMPT_THRESHOLD"],
        evaluate: { config in
            guard config.isTrue("SECURITY_PROMPT_ENABLED"), let setting = config.value("SECURITY_PROMPT_THRESHOLD"),
                let value = setting.string.flatMap(Double.init), value > defaultThreshold
            else { return [] }
            return [
                Problem(
                    setting: setting,
                    message: "prompt-injection detection flags a tool call only at confidence \(value) or more (default 0.8)",
                    evidence: "SECURITY_PROMPT_THRESHOLD=\(value)")
            ]
        })
}
