import Foundation
import GooseAuditCore

/// Where the key of secret fingerprints comes from (docs/fingerprints.md), first found wins:
/// `GOOSE_AUDIT_FINGERPRINT_KEY`, `--fingerprint-key-file`, `.goose-audit.key` beside the
/// configuration file, the per-user key in the state directory. A team that commits a baseline
/// shares one key out of band (a CI secret, a file kept out of git); the baseline never holds it.
enum FingerprintKeySource {
    static let variable = "GOOSE_AUDIT_FINGERPRINT_KEY"
    static let fileName = ".goose-audit.key"
    /// A shared key shorter than this is refused: it could itself be guessed.
    static let minimumLength = 16

    /// Where the key in force came from.
    enum Origin {
        /// The environment variable or a key file: one key a team can share.
        case shared
        /// This user's key in the state directory: the same on this machine only.
        case perUser
        /// Made up for this run: digests of secrets are comparable within the run only.
        case ephemeral
    }

    /// The master key, and whether it was made up for this run. The per-user key is created only by a
    /// command that persists what it computes (`createUserKey`: baseline create, --record, a fleet
    /// store); any other run reads the per-user key when it exists and otherwise uses a key of its own
    /// (fingerprints stable within the run only). A plain scan writes nothing.
    static func master(
        env: GooseEnvironment, keyFile: String?, beside directory: String?, stateDirectory: String? = nil, createUserKey: Bool
    ) throws -> (key: [UInt8], origin: Origin) {
        if let text = env[variable] {
            return (try checked(text, from: "$\(variable)"), .shared)
        }
        if let keyFile {
            return (try checked(try read(keyFile), from: keyFile), .shared)
        }
        if let directory {
            let candidate = directory + "/" + fileName
            if case .success(let metadata) = FileMetadata.lstat(candidate), metadata.type == .regular {
                return (try checked(try read(candidate), from: candidate), .shared)
            }
        }
        if let state = stateDirectory ?? StateDirectory.defaultPath(env) {
            if createUserKey, (try? StateDirectory.ensure(state)) != nil, let key = try? UserKey.load(directory: state) {
                return (key, .perUser)
            }
            if !createUserKey, (try? FileMetadata.lstat(state).get())?.type == .directory,
                let key = try? UserKey.load(directory: state, create: false)
            {
                return (key, .perUser)
            }
        }
        return ((0..<32).map { _ in UInt8.random(in: 0...255) }, .ephemeral)
    }

    private static func read(_ path: String) throws -> String {
        switch ContentReader.settingsFile(path, maxBytes: 4096) {
        case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .failure(let notice): throw ConfigurationError(path: path, key: "", reason: "fingerprint key: \(notice.message)")
        }
    }

    private static func checked(_ text: String, from source: String) throws -> [UInt8] {
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.utf8.count >= minimumLength else {
            throw ConfigurationError(path: source, key: "", reason: "a fingerprint key needs at least \(minimumLength) characters")
        }
        return Array(key.utf8)
    }
}
