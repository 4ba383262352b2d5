import GooseAuditCore
import StructuredText

/// GA-PERM-021: a `.gooseignore` that un-ignores secrets or drops goose's defaults.
struct GooseignoreExposesSecrets: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "gooseignore_exposes_secrets", title: "`.gooseignore` lets the agent read secret files",
        summary:
            "Reports `.gooseignore` lines that negate (`!`) patterns for `.env`, key or credential files, and ignore files that drop goose's default protection of `.env` files.",
        rationale: """
            `.gooseignore` is what keeps the Developer extension away from secrets. With no file at all goose \
            ignores `**/.env`, `**/.env.*` and `**/secrets.*`; creating any `.gooseignore` replaces those defaults, \
            and a local file can un-ignore a global pattern with `!`. It only binds the Developer extension, so \
            these findings are low.
            """,
        remediation: "Add `.env*`, `**/secrets.*`, key files and cloud credential directories to the ignore file and remove the negations.",
        severity: .low, category: .permissions, kind: .configuration, artifactKinds: [.ignoreFile],
        references: ["CWE-200", "https://block.github.io/goose/docs/guides/using-gooseignore"],
        examples: [
            CheckExample(
                "negated env pattern", .fail, role: .path, files: [.file(".gooseignore", "**/.env*\nnode_modules/\n!.env.local\n")],
                expected: [".gooseignore:3"]),
            CheckExample(
                "ignore file without env patterns", .fail, role: .path, files: [.file(".gooseignore", "node_modules/\ndist/\n")],
                expected: [".gooseignore"]),
            CheckExample("env files ignored", .pass, role: .path, files: [.file(".gooseignore", "**/.env\n**/.env.*\n**/secrets.*\n")]),
        ])

    static let secretWords = [
        ".env", "secret", ".pem", ".key", "id_rsa", "id_ed25519", ".ssh", ".aws", "credentials", "token", ".npmrc", ".netrc",
    ]

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let lines = target.content?.lines else { return [] }
        var findings: [Finding] = []
        var coversEnv = false
        for (index, raw) in lines.enumerated() {
            let line = raw.trimming(" \t")
            if line.hasPrefix("!") {
                let pattern = line.dropFirst().lowercased()
                if let word = Self.secretWords.first(where: { pattern.contains($0) }) {
                    findings.append(
                        descriptor.finding(
                            "`\(line)` lets the agent read files matching \(word) again", at: target.artifact, line: index + 1,
                            evidence: .fact("negated pattern \(line)")))
                }
            } else if line.contains(".env") {
                coversEnv = true
            }
        }
        if !coversEnv {
            findings.append(
                descriptor.finding(
                    "this ignore file replaces goose's defaults but does not cover `.env` files", at: target.artifact,
                    evidence: .fact("no .env pattern")))
        }
        return findings
    }
}
