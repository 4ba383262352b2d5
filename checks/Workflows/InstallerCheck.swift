import GooseAuditCore
import StructuredText

/// How the workflow obtains goose: installer pipes, moving release names and container tags.
extension WorkflowModule {
    static let gooseInstallUnpinned = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_goose_install_unpinned", title: "goose installed from a moving source",
            summary:
                "Reports goose installed with `curl … | bash` from the `stable`, `latest` or `main` installer without `GOOSE_VERSION` (high), piped installers that pin the version but verify nothing (low), `releases/latest` downloads, and goose container images on `:latest` or no tag (GitHub job containers, `docker run`, GitLab `image:`).",
            rationale: """
                A piped installer runs whatever the URL serves at that moment, with the job's token, provider key and \
                secrets in the environment, and `latest` changes under the workflow without review. A compromised \
                release or download path becomes code execution in every pipeline that installs goose. Fix: download a \
                versioned installer or binary, check its SHA-256 before running it, set `GOOSE_VERSION`, and pin images by \
                digest.
                """,
            remediation:
                "Download `https://github.com/block/goose/releases/download/<version>/download_cli.sh` (or the binary archive) to a file, verify it with `sha256sum -c`, run it with `GOOSE_VERSION=<version> CONFIGURE=false`, and pin goose images as `ghcr.io/block/goose:<version>@sha256:<digest>`.",
            severity: .high, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-494", "CWE-829", hardening],
            examples: [
                CheckExample(
                    "curl | bash from stable", .fail, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  goose:\n    runs-on: x\n    steps:\n      - run: |\n          curl -fsSL https://github.com/block/goose/releases/download/stable/download_cli.sh | CONFIGURE=false bash\n          goose run -t \"summarise\"\n"
                        )
                    ], expected: [".github/workflows/release.yml:9#jobs.goose.steps[0].run"]),
                CheckExample(
                    "GitLab image on latest", .fail, role: .path,
                    files: [
                        .file(
                            ".gitlab-ci.yml", "review:\n  image: ghcr.io/block/goose:latest\n  script:\n    - goose run -t \"summarise\"\n")
                    ],
                    expected: [".gitlab-ci.yml:2#review.image"]),
                CheckExample(
                    "versioned installer checked before it runs", .pass, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  goose:\n    runs-on: x\n    steps:\n      - run: |\n          curl -fsSLo install.sh https://github.com/block/goose/releases/download/v1.14.0/download_cli.sh\n          echo \"\(String(repeating: "0", count: 64))  install.sh\" | sha256sum -c\n          GOOSE_VERSION=v1.14.0 CONFIGURE=false bash install.sh\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            var findings: [Finding] = []
            let scripts: [(Node, KeyPath, [Node?])] =
                workflow.isGitLab
                ? workflow.gitLabJobs.flatMap { job in
                    ["before_script", "script"].compactMap { key in
                        job.node[key].map { ($0, job.path.appending(.key(key)), [job.node["variables"]]) }
                    }
                }
                : workflow.steps.compactMap { step in
                    step.node["run"].map {
                        ($0, step.path.appending(.key("run")), [step.node["env"], step.job.node["env"], workflow.root["env"]])
                    }
                }
            for (node, path, envs) in scripts {
                guard let text = node.scriptText else { continue }
                let versionInEnv = envs.contains { $0?["GOOSE_VERSION"] != nil }
                for line in text.split(separator: "\n") where GooseAgent.installsGoose(line) || line.lowercased().contains("goose") {
                    guard let (message, severity) = installRisk(line, versionInEnv: versionInEnv) else { continue }
                    let at = workflow.line(of: String(line.trimmingPrefix(while: \.isWhitespace)), from: node)
                    findings.append(
                        workflow.finding(descriptor, message, at: node, path: path, line: at, evidence: message, severity: severity))
                }
            }
            for (node, path) in jobImages(workflow) {
                guard let image = node.string ?? node["name"]?.string, GooseAgent.isGooseImage(image), let tag = movingTag(image) else {
                    continue
                }
                findings.append(
                    workflow.finding(
                        descriptor, "goose image `\(image)` follows \(tag == .untagged ? "the default tag" : "`latest`")", at: node,
                        path: path, evidence: image, severity: .medium))
            }
            return findings
        })

    /// What is wrong with one install line, if anything.
    static func installRisk(_ line: Substring, versionInEnv: Bool) -> (String, Severity)? {
        let lower = line.lowercased().filter { $0 != " " }
        let piped = pipesIntoShell(line.lowercased())
        let moving = ["/stable/", "/latest/", "releases/latest", "/main/", "/canary/"].contains { lower.contains($0) }
        let pinned = versionInEnv || lower.contains("goose_version=")
        if GooseAgent.installsGoose(line), piped {
            if !pinned {
                return ("goose's installer is piped into a shell without GOOSE_VERSION, so it installs whatever is newest", .high)
            }
            if moving {
                return (
                    "goose's installer script is piped into a shell from a moving location (GOOSE_VERSION pins only the binary)", .medium
                )
            }
            return ("goose's installer is piped into a shell without a checksum (the version is pinned)", .low)
        }
        if lower.contains("goose"), lower.contains("releases/latest") { return ("goose is downloaded from `releases/latest`", .medium) }
        let words = line.lowercased().split(separator: " ")
        if words.contains("run"), words.contains(where: { $0.hasSuffix("docker") || $0.hasSuffix("podman") }),
            let image = words.first(where: { GooseAgent.isGooseImage(String($0)) }), movingTag(image) != nil
        {
            return ("goose container `\(image)` started from a moving tag", .medium)
        }
        return nil
    }

    /// Whether a command line pipes into a shell (`| bash`, `| sudo sh`, `| CONFIGURE=false bash`, `bash <(curl …)`).
    static func pipesIntoShell(_ line: String) -> Bool {
        if line.contains("<(curl") || line.contains("<(wget") { return true }
        return line.split(separator: "|").dropFirst().contains { segment in
            let words = segment.split(separator: " ").drop { $0.contains("=") || $0 == "sudo" || $0 == "-e" }
            return ["bash", "sh", "zsh"].contains(words.first.map(String.init) ?? "")
        }
    }
}
