import GooseAuditCore
import StructuredText

/// Server keys in URL query strings (`goose serve` accepts `?token=`, PR #9726): query strings end up
/// in shell history, process lists, proxy and server logs.
enum TokenInURL {
    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "server_token_in_url", title: "goose server key passed in a URL",
            summary: "Reports URLs in service definitions and `.env` files that carry a token, key or secret as a query parameter.",
            rationale: """
                `goose serve` accepts its key as a `?token=` query parameter for clients that cannot set headers. A \
                key in a URL is copied into shell history, `ps` output, browser history and every proxy and access \
                log on the way, where the header form would not be.
                """,
            remediation: "Send the key in the `X-Secret-Key` (or `Authorization`) header, and rotate the key that was in the URL.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: [.serviceDefinition, .envFile],
            references: ["CWE-598", "https://github.com/block/goose/pull/9726"],
            examples: [
                CheckExample(
                    "token in a client URL", .fail, role: .path,
                    files: [.file(".env", "GOOSE_ACP_URL=https://goose.internal.example:3000/acp?token=PLACEHOLDER\n")],
                    expected: [".env:1"]),
                CheckExample(
                    "URL without credentials", .pass, role: .path,
                    files: [.file(".env", "GOOSE_ACP_URL=https://goose.internal.example:3000/acp\n")]),
            ]),
        subjects: [],
        inspectFile: { target in
            guard let service = ServiceText.of(target) else { return [] }
            return service.words.compactMap { word in
                guard let part = ExtensionRules.CredentialsInURI.credentialPart(word.text), part.hasPrefix("query") else { return nil }
                return Problem(
                    setting: word.setting, message: "a URL here carries a credential in its \(part)", evidence: part)
            }
        })
}
