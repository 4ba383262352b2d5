import Foundation

/// The built `goose-audit` binary, run as a user would run it.
public enum Binary {
    /// The package root, found from this file's location.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `GOOSE_AUDIT_BINARY`, or the debug build in `.build`.
    public static var path: String {
        if let override = ProcessInfo.processInfo.environment["GOOSE_AUDIT_BINARY"] { return override }
        return packageRoot + "/.build/debug/goose-audit"
    }

    /// Runs the binary with a controlled environment (nothing of the caller's leaks in).
    public static func run(
        _ arguments: [String], home: String, directory: String? = nil, environment: [String: String] = [:], asNobody: Bool = false
    ) throws -> Shell.Output {
        var env = ["HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        env.merge(environment) { _, new in new }
        if asNobody {
            return try Shell.capture(
                "/usr/bin/setpriv", ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", path] + arguments,
                environment: env, directory: directory ?? home)
        }
        return try Shell.capture(path, arguments, environment: env, directory: directory ?? home)
    }

    /// Exit status of a run `runBounded` had to kill: the binary hung.
    public static let killedStatus: Int32 = 137

    /// Like `run`, but killed after `seconds` (`timeout -s KILL`): a hang becomes `killedStatus`, a
    /// failed test rather than a stuck suite. A bound, not a speed assertion: set it far above the
    /// normal run time.
    public static func runBounded(
        _ arguments: [String], home: String, seconds: Int = 120, environment: [String: String] = [:]
    ) throws -> Shell.Output {
        var env = ["HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        env.merge(environment) { _, new in new }
        return try Shell.capture("/usr/bin/timeout", ["-s", "KILL", String(seconds), path] + arguments, environment: env, directory: home)
    }
}

/// Validates JSON documents against a JSON Schema with python3's `jsonschema`.
public enum SchemaValidator {
    public static var available: Bool {
        (try? Shell.capture("/usr/bin/env", ["python3", "-c", "import jsonschema"]).status) == 0
    }

    /// Empty when `document` is valid; otherwise the validator's messages.
    public static func errors(document: String, schemaPath: String) throws -> String {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            cls = jsonschema.validators.validator_for(schema)
            errors = sorted(cls(schema).iter_errors(json.load(sys.stdin)), key=lambda e: list(e.path))
            for e in errors[:20]:
                print("/".join(map(str, e.path)) + ": " + e.message)
            """
        let file = NSTemporaryDirectory() + "goose-audit-doc-\(UUID().uuidString).json"
        try Data(document.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try Shell.capture("/bin/sh", ["-c", "python3 -c \"$0\" \"$1\" < \"$2\"", script, schemaPath, file])
        return result.status == 0 ? result.stdout : "validator failed: \(result.stderr)"
    }
}
