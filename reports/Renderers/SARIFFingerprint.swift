import GooseAuditCore

extension SARIFRenderer {
    /// The `partialFingerprints` value of a result: the finding's fingerprint, except when that depends on a
    /// fingerprint key made up for this run alone (no `GOOSE_AUDIT_FINGERPRINT_KEY`, key file or per-user key:
    /// a fresh CI runner) — a secret, or a path or key path holding a name that is a secret. Such a fingerprint
    /// would change on every run and code scanning would close and reopen the alert each time, so the result is
    /// identified by its place instead: rule id, relative path and key path with redacted names reduced to their
    /// prefix and length, the evidence digest of a fact that is not secret, and line and column where there is
    /// no key path. Everything that goes in is shown in the same result already; nothing of a secret does.
    public static func partialFingerprint(_ finding: Finding) -> String {
        guard finding.isKeyed, DigestKey.isEphemeral else { return finding.fingerprint }
        let location = finding.location
        let place = location.keyPath != nil ? "" : ":\(location.line ?? 0):\(location.column ?? 0)"
        let fact = finding.evidence.isSecret ? "" : ":" + finding.evidence.digest
        return Fingerprint.make(
            ruleID: finding.ruleID, path: SecretNames.unkeyed(location.path), keyPath: location.keyPath.map(SecretNames.unkeyed),
            evidenceDigest: "place" + place + fact)
    }
}
