import FleetStore
import Foundation
import GooseAuditTestSupport
import Testing

struct StoreAddressTests {
    @Test("a URL gives host, port, user, database and password; messages never show the password")
    func url() throws {
        // goose-audit:ignore url_credentials synthetic test value
        let address = try StoreAddress.resolve(url: "postgres://rep%40x:s%3Acret@127.0.0.1:6543/fleet", environment: [:])
        #expect(address.host == "127.0.0.1" && address.port == 6543 && address.user == "rep@x" && address.database == "fleet")
        #expect(address.password == "s:cret")
        #expect(address.transport == .plain)
        #expect(!address.redacted.contains("s:cret") && address.redacted.contains("rep@x@127.0.0.1:6543/fleet"))
    }

    @Test("PG* variables fill what the URL leaves out; a unix socket directory is a socket")
    func environment() throws {
        let env = ["PGHOST": "/run/postgresql", "PGPORT": "5433", "PGUSER": "auditor", "PGDATABASE": "goose", "PGPASSWORD": "pw"]
        let address = try StoreAddress.resolve(url: nil, environment: env)
        #expect(address.socketPath == "/run/postgresql/.s.PGSQL.5433")
        #expect(address.user == "auditor" && address.database == "goose" && address.password == "pw" && address.transport == .plain)
        let mixed = try StoreAddress.resolve(url: "postgres://other@127.0.0.1", environment: env)
        #expect(mixed.user == "other" && mixed.port == 5433 && mixed.database == "goose")
    }

    @Test("any non-loopback server is reached over TLS with verification; sslmode=disable is refused for it")
    func tls() throws {
        for mode in ["prefer", "require", "verify-ca", "verify-full", "allow"] {
            let address = try StoreAddress.resolve(url: "postgres://r@db.example.com/fleet?sslmode=\(mode)", environment: [:])
            #expect(address.transport == .verifiedTLS(rootCertificate: nil), "\(mode)")
        }
        let pinned = try StoreAddress.resolve(url: "postgres://r@10.0.0.5/fleet", environment: ["PGSSLROOTCERT": "/etc/ssl/fleet-ca.pem"])
        #expect(pinned.transport == .verifiedTLS(rootCertificate: "/etc/ssl/fleet-ca.pem"))
        #expect(throws: StoreError.self) {
            try StoreAddress.resolve(url: "postgres://r@db.example.com/fleet?sslmode=disable", environment: [:])
        }
        #expect(try StoreAddress.resolve(url: "postgres://r@localhost/fleet?sslmode=disable", environment: [:]).transport == .plain)
        #expect(throws: StoreError.self) { try StoreAddress.resolve(url: "mysql://r@db/fleet", environment: [:]) }
        #expect(throws: StoreError.self) { try StoreAddress.resolve(url: "postgres://r@db/fleet?password=x", environment: [:]) }
    }

    @Test("~/.pgpass supplies the password when it is private (0600) and matches; wildcards and escapes work")
    func pgpass() throws {
        let tree = try FixtureTree("pgpass")
        try tree.file(".pgpass", "# comment\nother:5432:*:rep:nope\n127.0.0.1:*:fleet:rep:pa\\:ss\n*:*:*:*:fallback\n", mode: 0o600)
        let address = try StoreAddress.resolve(url: "postgres://rep@127.0.0.1/fleet", environment: ["HOME": tree.root])
        #expect(address.password == "pa:ss")
        let fallback = try StoreAddress.resolve(url: "postgres://x@127.0.0.1/y", environment: ["HOME": tree.root])
        #expect(fallback.password == "fallback")
        try tree.chmod(".pgpass", 0o644)
        let ignored = try StoreAddress.resolve(url: "postgres://rep@127.0.0.1/fleet", environment: ["HOME": tree.root])
        #expect(ignored.password == nil, "a group- or world-readable password file is ignored, as libpq does")
    }
}

/// Plain connections go only to loopback: an IP literal in 127.0.0.0/8, ::1, `localhost` exactly or a socket.
struct LoopbackTests {
    @Test(
        "loopback means a literal address, localhost exactly or a socket; a name that merely starts with 127. is not",
        arguments: [
            ("127.0.0.1", true), ("127.255.10.9", true), ("::1", true), ("[::1]", true), ("0:0:0:0:0:0:0:1", true),
            ("localhost", true), ("/run/postgresql", true),
            ("127.0.0.1.nip.io", false), ("127.evil.example", false), ("127.0.0.1.", false), ("localhost.evil.example", false),
            ("128.0.0.1", false), ("10.0.0.5", false), ("1270.0.0.1", false), ("::2", false), ("[::1].example", false), ("", false),
        ])
    func loopback(_ host: String, _ expected: Bool) {
        #expect(StoreAddress.isLoopback(host) == expected, "\(host)")
    }

    @Test("a host name spelled like 127.0.0.1 gets verified TLS, and sslmode=disable is refused for it")
    func hostnameTrick() throws {
        // goose-audit:ignore url_credentials synthetic test value
        let address = try StoreAddress.resolve(url: "postgres://rep:pw@127.0.0.1.nip.io/fleet", environment: [:])
        #expect(address.transport == .verifiedTLS(rootCertificate: nil))
        #expect(throws: StoreError.self) {
            try StoreAddress.resolve(url: "postgres://rep@127.0.0.1.nip.io/fleet?sslmode=disable", environment: [:])
        }
        let viaVariables = try StoreAddress.resolve(url: nil, environment: ["PGHOST": "127.0.0.1.nip.io"])
        #expect(viaVariables.transport == .verifiedTLS(rootCertificate: nil))
    }

    @Test("GOOSE_AUDIT_STORE is read by scan, and a plain-text store at a look-alike host is refused before any connection")
    func storeVariable() throws {
        let home = try FixtureTree("store-variable")
        let run = try Binary.run(
            ["scan", home.root], home: home.root,
            environment: ["GOOSE_AUDIT_STORE": "postgres://rep@127.0.0.1.nip.io/fleet?sslmode=disable"])
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("sslmode=disable is refused for 127.0.0.1.nip.io"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.path(".local/state/goose-audit/fleet-spool")), "nothing spooled")
    }
}
