import GooseAuditCore

/// How a secret becomes part of a finding: what its evidence may show and how severe it is. The
/// one place both secret modules (hard-coded and cached) turn a match into a finding's parts.
public enum SecretReport {
    /// The longest public prefix evidence may show (`sk-ant-admin01-`).
    public static let maxPrefix = 16

    /// A known format's public prefix of `value` (`ghp_`, `sk-proj-`, `AKIA`): a keyword of a
    /// specific rule that the value starts with, at most `maxPrefix` long and at most half the
    /// value. Generic rules and positional finds have none: nothing of their characters is shown.
    public static func publicPrefix(of value: String, rule: SecretRule?) -> String? {
        guard let rule, !rule.generic else { return nil }
        let lower = ASCIIText.folded(value)
        let best = rule.keywords.filter { keyword in
            keyword.utf8.count <= maxPrefix && keyword.utf8.count * 2 <= lower.count && lower.starts(with: keyword.utf8)
                && keyword.utf8.allSatisfy { $0 > 32 && $0 < 127 }
        }.max { $0.utf8.count < $1.utf8.count }
        return best.map { String(decoding: value.utf8.prefix($0.utf8.count), as: UTF8.self) }
    }

    /// The evidence for `value`: the public prefix (if any), the length and a digest.
    public static func evidence(_ value: String, rule: SecretRule?, label: String? = nil) -> Evidence {
        Evidence.secret(value, label: label, publicPrefix: publicPrefix(of: value, rule: rule))
    }

    /// Names whose value opens more than one API: OAuth client secrets mint tokens for any user of
    /// the app, refresh tokens mint access tokens until revoked, signing keys forge sessions.
    static let highImpactNames = [
        "client_secret", "clientsecret", "client-secret", "client.secret", "refresh_token", "refreshtoken", "refresh-token",
        "refresh.token", "signing_key", "signingkey", "private_key", "privatekey", "master_key", "masterkey",
    ].map { Array($0.utf8) }

    /// The severity of a match by what the secret opens: the rule's, raised to high for a generic
    /// match whose name (the text before the value) says OAuth client secret, refresh token or key
    /// material.
    public static func severity(of rule: SecretRule, name: some Collection<UInt8>) -> Severity {
        guard rule.generic, rule.severity < .high else { return rule.severity }
        let folded = ASCIIText.folded(String(decoding: name, as: UTF8.self))
        return highImpactNames.contains { ASCIIText.contains(folded, $0) } ? .high : rule.severity
    }
}
