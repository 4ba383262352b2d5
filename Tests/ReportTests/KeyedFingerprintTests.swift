import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Issue 21, item 7: evidence digests, fingerprints and baselines are keyed, so that a committed
/// baseline cannot be searched with a dictionary, yet matches on every machine that has the team key.
@Suite(.serialized)
struct KeyedFingerprintTests {
    static let password = "Tr0ub4dor&3x"
    static let teamKey = "team-fingerprint-key-0123456789"
    static let dictionary = ["password", "123456", "letmein", "hunter2", "Winter2026!", "Tr0ub4dor&3", password, "correct horse"]

    static func repository() throws -> FixtureTree {
        let tree = try FixtureTree("keyed-baseline")
        try tree.file(".env", "DB_PASSWORD=\(password)\n")
        return tree
    }

    static func run(_ arguments: [String], home: String, key: String? = teamKey) throws -> Shell.Output {
        try Binary.run(arguments, home: home, environment: key.map { ["GOOSE_AUDIT_FINGERPRINT_KEY": $0] } ?? [:])
    }

    @Test("a dictionary attack on a committed baseline finds nothing; the right key is what made it")
    func dictionaryAttackFails() throws {
        let tree = try Self.repository()
        let created = try Self.run(["baseline", "create", tree.root, "-o", tree.path("baseline.json")], home: tree.root)
        #expect(created.status == 0, "\(created.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: tree.path("baseline.json")))
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains(Self.password) && !text.contains(Digest.sha256Hex(Self.password)))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(document["findings"] as? [[String: Any]]).map { $0.compactMapValues { $0 as? String } }
            .filter { $0["path"] == ".env" }
        try #require(!entries.isEmpty, "\(text)")
        let fingerprints = Set(entries.compactMap { $0["fingerprint"] })
        let keyPaths: [String?] = [nil, "DB_PASSWORD"]

        // The attacker knows the rule ids, the paths and the public construction; without the key every
        // candidate fails: plain SHA-256, the public unkeyed HMAC, and the key id as a key.
        let keyID = try #require(document["key_id"] as? String)
        let guessedKeys: [[UInt8]?] = [
            nil, DigestKey.derive(DigestKey.unkeyed, purpose: "fingerprint"), Array(keyID.utf8), DigestKey.unkeyed,
        ]
        for entry in entries {
            for candidate in Self.dictionary {
                for key in guessedKeys {
                    let digest = key.map { Digest.hmacHex(key: $0, Array(candidate.utf8)) } ?? Digest.sha256Hex(candidate)
                    for keyPath in keyPaths {
                        let guess = Fingerprint.make(ruleID: entry["rule_id"]!, path: ".env", keyPath: keyPath, evidenceDigest: digest)
                        #expect(!fingerprints.contains(guess), "the dictionary recovered the password from the baseline")
                    }
                }
            }
        }
        // With the team key the same construction does produce a baseline fingerprint: the attack above
        // models the real fingerprint, so it would succeed were the digest unkeyed.
        let realKey = DigestKey.derive(Array(Self.teamKey.utf8), purpose: "fingerprint")
        let real = entries.contains { entry in
            keyPaths.contains { keyPath in
                fingerprints.contains(
                    Fingerprint.make(
                        ruleID: entry["rule_id"]!, path: ".env", keyPath: keyPath,
                        evidenceDigest: Digest.hmacHex(key: realKey, Array(Self.password.utf8))))
            }
        }
        #expect(real, "the baseline fingerprint is the keyed one")
    }

    @Test("the committed baseline matches on another machine with the team key; under another key its secrets are reported again")
    func baselineTravelsWithTheKey() throws {
        let tree = try Self.repository()
        _ = try Self.run(["baseline", "create", tree.root, "-o", tree.path("baseline.json")], home: tree.root)
        let otherMachine = try FixtureTree("other-home")
        let matched = try Self.run([tree.root, "--baseline", tree.path("baseline.json")], home: otherMachine.root)
        #expect(matched.status == 0, "every finding is accepted: \(matched.stdout)\(matched.stderr)")
        let wrong = try Self.run(
            [tree.root, "--baseline", tree.path("baseline.json")], home: otherMachine.root, key: "another-key-entirely-0000")
        #expect(wrong.status == 1, "the secret is reported again: \(wrong.stderr)")
        let said = wrong.stdout + wrong.stderr
        #expect(said.contains("was made with fingerprint key") && said.contains("GOOSE_AUDIT_FINGERPRINT_KEY"), "\(said)")
        let short = try Self.run([tree.root], home: otherMachine.root, key: "short")
        #expect(short.status == 2 && short.stderr.contains("at least 16 characters"))
    }

    @Test("reports show no character of a short secret, and no plain digest of it")
    func shortSecretsShowNothing() throws {
        let tree = try Self.repository()
        let json = try Self.run([tree.root, "--format", "json"], home: tree.root)
        let text = try Self.run([tree.root], home: tree.root)
        for output in [json.stdout, text.stdout] {
            #expect(!output.contains(Self.password) && !output.contains(String(Self.password.prefix(3))))
            #expect(!output.contains(Digest.sha256Hex(Self.password)))
        }
        #expect(text.stdout.contains("…(12 chars)"), "\(text.stdout)")
    }
}
