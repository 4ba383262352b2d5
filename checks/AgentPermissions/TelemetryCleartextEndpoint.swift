import GooseAuditCore
import StructuredText

/// `telemetry_cleartext_endpoint`: telemetry exported over plain http.
extension SettingChecks {
    static let telemetryKeys = [
        "otel_exporter_otlp_endpoint", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "LANGFUSE_URL", "LANGFUSE_HOST",
    ]

    static let telemetryCleartext = SettingCheck(
        descriptor: CheckDescriptor(
            id: "telemetry_cleartext_endpoint", title: "Telemetry exported over plain http",
            summary:
                "Reports OTLP and Langfuse endpoints (`otel_exporter_otlp_endpoint`, `OTEL_EXPORTER_OTLP_*_ENDPOINT`, `LANGFUSE_URL`) that are `http://` to a host other than loopback.",
            rationale: """
                goose's traces and the Langfuse layer carry conversation content, tool arguments and tool output. \
                Sent over plain http they cross the network readable by anyone on the path.
                """,
            remediation: "Send telemetry only to approved collectors over HTTPS (or to a local collector on loopback).",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-319", "https://block.github.io/goose/docs/guides/environment-variables"],
            examples: [
                CheckExample(
                    "plain http collector", .fail,
                    files: [
                        .file("config.yaml", "GOOSE_MODE: approve\notel_exporter_otlp_endpoint: http://otel.example:4318\n")
                    ], expected: ["config.yaml:2#otel_exporter_otlp_endpoint"]),
                CheckExample(
                    "https and local collectors", .pass,
                    files: [
                        .file("config.yaml", "GOOSE_MODE: approve\notel_exporter_otlp_endpoint: https://otel.example:4318\n")
                    ], environment: ["LANGFUSE_URL": "http://localhost:3000"]),
            ]),
        subjects: ["otel_exporter_otlp_", "OTEL_EXPORTER_OTLP_", "LANGFUSE_"],
        evaluate: { config in
            telemetryKeys.compactMap { key in
                guard let value = config.value(key), let text = value.string, URLFacts.isCleartextRemote(text),
                    let host = URLFacts.host(of: text)
                else { return nil }
                return Problem(
                    setting: value, message: "\(key) sends conversation telemetry to \(host) over plain http", evidence: "http://\(host)")
            }
        })
}
