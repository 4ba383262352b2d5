// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

// Linux only: the ACL, O_PATH and /proc code behind the seam in Sources/GooseAuditCore/Platform has no
// other backend yet, so no `platforms:` entry claims another system (docs/architecture.md, "Platforms").
let package = Package(
    name: "goose-audit",
    products: [
        .executable(name: "goose-audit", targets: ["goose-audit"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C bridges
        .systemLibrary(name: "CACL", path: "Sources/CACL", pkgConfig: "libacl", providers: [.apt(["libacl1-dev"])]),
        .systemLibrary(name: "CPCRE2", path: "Sources/CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Engine
        .target(
            name: "GooseAuditCore",
            dependencies: ["CACL", .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/GooseAuditCore",
            resources: [.embedInCode("Versions/goose-versions.json")],
            swiftSettings: strict),
        .target(
            name: "StructuredText",
            dependencies: ["GooseAuditCore", "Yams"],
            path: "Sources/StructuredText",
            swiftSettings: strict),

        .target(
            name: "Hardening",
            dependencies: ["GooseAuditCore"],
            path: "Sources/Hardening",
            swiftSettings: strict),
        .target(
            name: "History",
            dependencies: ["GooseAuditCore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/History",
            swiftSettings: strict),
        .target(
            name: "SecretEngine",
            dependencies: ["GooseAuditCore", "CPCRE2", "Yams"],
            path: "Sources/SecretEngine",
            resources: [.embedInCode("allowlist.yaml")],
            swiftSettings: strict),

        // Check modules
        .target(
            name: "FilesystemChecks",
            dependencies: ["GooseAuditCore"],
            path: "checks/Filesystem",
            swiftSettings: strict),
        .target(
            name: "SecretRules",
            dependencies: ["GooseAuditCore", "SecretEngine"],
            path: "checks/SecretRules",
            resources: [
                .embedInCode("ai-providers.yaml"),
                .embedInCode("cloud.yaml"),
                .embedInCode("code-hosting.yaml"),
                .embedInCode("saas.yaml"),
                .embedInCode("generic.yaml"),
            ],
            swiftSettings: strict),
        .target(
            name: "SecretsChecks",
            dependencies: ["GooseAuditCore", "StructuredText", "SecretEngine", "SecretRules"],
            path: "checks/Secrets",
            swiftSettings: strict),
        .target(
            name: "CachedSecretsChecks",
            dependencies: [
                "GooseAuditCore", "StructuredText", "SecretEngine", "SecretRules", "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "checks/CachedSecrets",
            swiftSettings: strict),

        .target(
            name: "DriftChecks",
            dependencies: ["GooseAuditCore", "StructuredText"],
            path: "checks/Drift",
            swiftSettings: strict),
        .target(
            name: "AgentPermissionChecks",
            dependencies: ["GooseAuditCore", "StructuredText"],
            path: "checks/AgentPermissions",
            swiftSettings: strict),
        .target(
            name: "WorkflowChecks",
            dependencies: ["GooseAuditCore", "StructuredText"],
            path: "checks/Workflows",
            swiftSettings: strict),

        // The catalogue of shipped modules (wiring only).
        .target(
            name: "CheckCatalog",
            dependencies: [
                "GooseAuditCore", "StructuredText", "FilesystemChecks", "SecretsChecks", "CachedSecretsChecks", "DriftChecks",
                "AgentPermissionChecks", "WorkflowChecks",
            ],
            path: "Sources/CheckCatalog",
            swiftSettings: strict),

        // Fleet store: runs of many machines in one PostgreSQL (only the CLI and FleetTests depend on it).
        .target(
            name: "FleetStore",
            dependencies: ["GooseAuditCore", "GooseAuditReports", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Sources/FleetStore",
            resources: [.embedInCode("Migrations/0001_initial.sql"), .embedInCode("Migrations/0002_goose_versions.sql")],
            swiftSettings: strict),

        // Report generator
        .target(
            name: "GooseAuditReports",
            dependencies: ["GooseAuditCore"],
            path: "reports",
            exclude: ["schema"],
            swiftSettings: strict),

        // CLI
        .executableTarget(
            name: "goose-audit",
            dependencies: [
                "GooseAuditCore", "StructuredText", "CheckCatalog", "GooseAuditReports", "Hardening", "History", "FleetStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/goose-audit",
            swiftSettings: strict),

        // Fuzz harnesses (a corpus replayer in normal builds; a libFuzzer binary with -DFUZZING -sanitize=fuzzer).
        .executableTarget(
            name: "goose-audit-fuzz",
            dependencies: ["GooseAuditCore", "StructuredText", "SecretEngine", "GooseAuditReports"],
            path: "Sources/goose-audit-fuzz",
            swiftSettings: strict),

        // Tests
        .target(
            name: "GooseAuditTestSupport",
            dependencies: ["GooseAuditCore"],
            path: "Tests/GooseAuditTestSupport",
            swiftSettings: strict),
        .testTarget(
            name: "CoreTests",
            dependencies: ["GooseAuditCore", "StructuredText", "GooseAuditTestSupport"],
            path: "Tests/CoreTests",
            swiftSettings: strict),
        .testTarget(
            name: "CheckExampleTests",
            dependencies: ["GooseAuditCore", "CheckCatalog", "GooseAuditTestSupport"],
            path: "Tests/CheckExampleTests",
            swiftSettings: strict),
        .testTarget(
            name: "HardeningTests",
            dependencies: ["GooseAuditCore", "Hardening", "History", "CheckCatalog", "GooseAuditReports", "GooseAuditTestSupport"],
            path: "Tests/HardeningTests",
            swiftSettings: strict),
        .testTarget(
            name: "ReportTests",
            dependencies: ["GooseAuditCore", "GooseAuditReports", "CheckCatalog", "GooseAuditTestSupport"],
            path: "Tests/ReportTests",
            exclude: ["__Snapshots__", "Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "FilesystemTests",
            dependencies: ["GooseAuditCore", "FilesystemChecks", "GooseAuditTestSupport"],
            path: "Tests/FilesystemTests",
            swiftSettings: strict),
        .testTarget(
            name: "PermissionTests",
            dependencies: [
                "GooseAuditCore", "StructuredText", "AgentPermissionChecks", "WorkflowChecks", "CheckCatalog", "GooseAuditTestSupport",
            ],
            path: "Tests/PermissionTests",
            swiftSettings: strict),
        .testTarget(
            name: "SecretsTests",
            dependencies: [
                "GooseAuditCore", "StructuredText", "SecretEngine", "SecretsChecks", "GooseAuditReports",
                "GooseAuditTestSupport", "SecretRules", "CachedSecretsChecks",
            ],
            path: "Tests/SecretsTests",
            swiftSettings: strict),
        .testTarget(
            name: "CachedSecretsTests",
            dependencies: [
                "GooseAuditCore", "CachedSecretsChecks", "GooseAuditReports", "GooseAuditTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/CachedSecretsTests",
            swiftSettings: strict),
        .testTarget(
            name: "FleetTests",
            dependencies: ["GooseAuditCore", "GooseAuditReports", "FleetStore", "GooseAuditTestSupport"],
            path: "Tests/FleetTests",
            swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["GooseAuditTestSupport"],
            path: "Tests/EndToEndTests",
            swiftSettings: strict),
    ]
)
