import Foundation
import GooseAuditCore

/// Token caches, conversations, logs and other files holding secrets that other users can read
/// (or, for files that are not policy, write).
struct SensitiveFileExposed: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "sensitive_file_exposed",
        title: "File holding tokens, conversations or logs open to other users",
        summary:
            "Reports goose token caches, session databases, request logs, CLI logs, prompt history, memories, tool approvals, desktop settings with a server secret, service definitions with a server key, diagnostics bundles and `.env` files that a user other than the owner can read or write.",
        rationale: """
            goose writes almost all of these files with the process umask and never tightens them \
            (goose-surface §3.4): `githubcopilot/info.json` caches a Copilot bearer token in clear, \
            `sessions.db` (with its `-wal`/`-shm`) and legacy `.jsonl` sessions hold whole conversations with \
            tool output, `llm_request.*.jsonl` holds complete provider payloads, `history.txt` every typed prompt, \
            `tool_permissions.json` readable copies of tool arguments, and the desktop `settings.json` the remote \
            goosed secret. Another local user who can read them reads everything the agent saw; one who can write \
            the conversation files can plant instructions goose replays.
            """,
        remediation:
            "Run `chmod 600` on the file (`chmod 700` on its directory) and remove extra ACL entries with `setfacl -b`; rotate any token it caches and purge pasted secrets from history.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: Set(ArtifactKind.allCases.filter { $0.holdsSecrets && $0 != .secretsFile }),
        references: ["CWE-732", "CWE-532", "CWE-312", "https://github.com/block/goose/pull/11613"],
        examples: [
            CheckExample(
                "world-readable session database", .fail, role: .data,
                files: [
                    .directory("", mode: 0o755), .directory("sessions", mode: 0o755),
                    .file("sessions/sessions.db", "SQLite format 3", mode: 0o644),
                ], expected: ["sessions/sessions.db"]),
            CheckExample(
                "Copilot token cache readable through a named-user ACL", .fail,
                files: [
                    .directory("", mode: 0o755), .directory("githubcopilot", mode: 0o755),
                    .file("githubcopilot/info.json", "{}", mode: 0o600, acl: ["u:nobody:r"]),
                ], expected: ["githubcopilot/info.json"]),
            CheckExample(
                "world-readable desktop settings holding the goosed secret", .fail, role: .desktop,
                files: [
                    .directory("", mode: 0o755),
                    .file("settings.json", #"{"externalGoosed":{"enabled":true,"secret":"FAKE-not-a-real-secret"}}"#, mode: 0o644),
                ], expected: ["settings.json"]),
            CheckExample(
                "shared .env.example next to an owner-only .env", .pass, role: .path,
                files: [
                    .directory("", mode: 0o755), .file(".env.example", "OPENAI_API_KEY=\n", mode: 0o644),
                    .file(".env", "OPENAI_API_KEY=fake\n", mode: 0o600),
                ]),
            CheckExample(
                "owner-only session database", .pass, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file("sessions/sessions.db", "SQLite format 3", mode: 0o600),
                    .file("sessions/sessions.db-wal", "", mode: 0o600),
                ]),
            CheckExample(
                "desktop settings without a server secret", .pass, role: .desktop,
                files: [
                    .directory("", mode: 0o755), .file("settings.json", #"{"externalGoosed":{"secret":""}}"#, mode: 0o644),
                ]),
        ],
        fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard artifact.metadata.type == .regular, let exposure = artifact.exposure,
            let described = Self.subject(target)
        else { return [] }
        // Writing a policy file is policy_file_writable's finding; here only reading it is.
        let rights: Permission = artifact.kind.isPolicy ? .read : [.read, .write]
        let access = GrantSelection(exposure, rights: rights)
        return [descriptor.exposureFinding(described.0, access, at: artifact, severity: described.1)].compactMap { $0 }
    }

    /// What the file is, in a finding's words, and how bad its exposure is; nil when this file holds
    /// nothing secret after all (desktop settings without a server secret, a unit without a key).
    static func subject(_ target: CheckTarget) -> (String, Severity)? {
        switch target.artifact.kind {
        case .tokenCache: ("token cache", .high)
        case .oauthCache: ("OAuth token cache", .high)
        case .roamingKey: ("roaming node private key", .high)
        case .tlsKey: ("TLS private key", .high)
        case .sessionDatabase, .sessionDatabaseSidecar: ("session database", .high)
        case .legacySession: ("legacy session transcript", .high)
        case .requestLog: ("LLM request log", .high)
        case .desktopSettings: hasServerSecret(target) ? ("desktop settings holding the goosed secret", .high) : nil
        case .serviceDefinition:
            target.content?.text.contains("GOOSE_SERVER__SECRET_KEY") == true
                ? ("service definition holding GOOSE_SERVER__SECRET_KEY", .medium) : nil
        case .log: ("goose log", .medium)
        case .history: ("prompt history", .medium)
        case .memory: ("memory file", .medium)
        case .toolPermissionStore: ("tool approval store", .medium)
        case .diagnosticsBundle: ("diagnostics bundle", .medium)
        case .envFile: isTemplate(target.artifact.name) ? nil : ("environment file", .medium)
        default: nil
        }
    }

    /// `.env.example` and its kin document variable names for a repository; they are meant to be shared.
    static func isTemplate(_ name: String) -> Bool {
        [".example", ".sample", ".template", ".dist"].contains { name.lowercased().hasSuffix($0) }
    }

    /// Whether desktop `settings.json` holds a non-empty `externalGoosed.secret`.
    static func hasServerSecret(_ target: CheckTarget) -> Bool {
        guard let bytes = target.content?.bytes,
            let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let external = root["externalGoosed"] as? [String: Any],
            let secret = external["secret"] as? String
        else { return false }
        return !secret.isEmpty
    }
}
