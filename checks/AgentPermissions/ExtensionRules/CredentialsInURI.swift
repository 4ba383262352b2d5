import GooseAuditCore
import StructuredText

extension ExtensionRules {
    /// `extension_uri_credentials`: credentials in an extension URI.
    struct CredentialsInURI: ExtensionRule {
        let appliesToRecipes = true
        let descriptor = CheckDescriptor(
            id: "extension_uri_credentials", title: "Credentials in an extension URI",
            summary: "Reports remote extensions whose `uri` holds a password in its user info or a token-like query parameter.",
            rationale: """
                A URI is not treated as a secret: goose logs extension configuration at debug level, the \
                Desktop API returns it, and proxies log query strings. A credential there leaks where a \
                header value substituted from `env_keys` would not. The value itself is reported by the \
                secrets module; this check names the structural mistake.
                """,
            remediation: "Move the credential to a header filled from `env_keys` (`Authorization: Bearer ${TOKEN}`) and rotate it.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-598"] + references,
            examples: [
                CheckExample(
                    "token in the query", .fail,
                    files: [.file("config.yaml", remote(uri: "https://mcp.example/mcp?api_key=PLACEHOLDER"))],
                    expected: ["config.yaml:6#extensions.tickets.uri"]),
                CheckExample("plain URI", .pass, files: [.file("config.yaml", remote(uri: "https://mcp.example/mcp?team=core"))]),
            ])

        func problems(_ entry: MergedEntry) -> [Problem] {
            let name = entry.name
            guard let (uri, text) = remoteURI(entry), let part = Self.credentialPart(text) else { return [] }
            return [
                Problem(
                    setting: uri,
                    message: "extension `\(name)` carries credentials in its URI (\(part)), where logs and process lists show them",
                    evidence: part)
            ]
        }

        /// `user info` or `query parameter token`: where a URI holds credentials, named, never quoted.
        static func credentialPart(_ uri: String) -> String? {
            guard let scheme = uri.range(of: "://") else { return nil }
            let rest = uri[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return "user info with a password" }
            guard let query = rest.firstIndex(of: "?") else { return nil }
            let secretWords = ["token", "key", "secret", "password", "passwd", "auth", "sig", "credential"]
            for parameter in rest[rest.index(after: query)...].split(separator: "&") {
                let name = parameter.prefix { $0 != "=" }.lowercased()
                if parameter.contains("="), secretWords.contains(where: { name.contains($0) }) { return "query parameter \(name)" }
            }
            return nil
        }
    }
}
