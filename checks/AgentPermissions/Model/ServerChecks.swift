import GooseAuditCore
import StructuredText

/// Checks on how goose's servers (`goosed`, `goose serve`) and the Desktop's remote backend are
/// authenticated and exposed: config layers and environment, service definitions, `.env` files and
/// Desktop `settings.json`.
enum ServerChecks {
    /// Config layers, and every file that starts goose or sets its environment (units, shell startup files,
    /// Dockerfiles, compose files, Kubernetes manifests, devcontainers, Nix modules, `.env` files).
    static let kinds = configKinds.union([
        .serviceDefinition, .envFile, .desktopSettings, .shellProfile, .containerFile, .composeFile, .kubernetesManifest,
        .devcontainer, .nixModule,
    ])
    static let docs = "https://block.github.io/goose/docs/guides/remote-goose-server"

    static let externalBackendMessage = "GOOSE_EXTERNAL_BACKEND makes the Desktop authenticate to its backend with the fixed key `test`"

    /// goosed's built-in default key, used when nothing sets one.
    static let defaultKey = "test"
    static let minimumKeyLength = 32

    /// The weakness of a server key, described without its value.
    static func keyWeakness(_ key: String) -> String? {
        // `${GOOSE_SERVER_SECRET_KEY}`, `$KEY`: filled in at run time, judged where it is set.
        if key.hasPrefix("$") || key.contains("${") || key.hasPrefix("%") { return nil }
        if key == defaultKey { return "is goosed's public default `test`" }
        if key.count < minimumKeyLength {
            return "is only \(key.count) characters long (at least \(minimumKeyLength) random characters needed)"
        }
        return nil
    }

    /// The problem with a `GOOSE_SERVER__SECRET_KEY` value, named by its length only.
    static func keyProblem(_ setting: Setting, _ key: String) -> Problem? {
        keyWeakness(key).map {
            Problem(
                setting: setting, message: "GOOSE_SERVER__SECRET_KEY \($0)", evidence: "GOOSE_SERVER__SECRET_KEY: \(key.count) characters")
        }
    }
}
