import GooseAuditCore
import StructuredText

/// A secret printed by a run step.
extension WorkflowModule {
    static let secretEchoed = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_secret_echoed", title: "Secret echoed in a run step",
            summary: "Reports `run:` lines that `echo`/`printf` a `${{ secrets.* }}` expression.",
            rationale: """
                GitHub masks secrets in logs only when they appear verbatim; any transformation (base64, a substring, \
                a JSON wrapper, a multi-line value) prints them in clear. The expression is also pasted into the \
                generated script, where it lands in the process list. Piping it into a command (`| docker login \
                --password-stdin`) avoids the log but not the script, so that form is medium.
                """,
            remediation: "Pass the secret through `env:` and read it as `$NAME` in the script; never print it.",
            severity: .high, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-532", hardening],
            examples: [
                CheckExample(
                    "echo of a secret", .fail, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo \"token is ${{ secrets.NPM_TOKEN }}\"\n"
                        )
                    ], expected: [".github/workflows/release.yml:9#jobs.build.steps[0].run"]),
                CheckExample(
                    "secret through env", .pass, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm whoami\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            workflow.steps.flatMap { step -> [Finding] in
                guard let run = step.node["run"], let script = run.scriptText else { return [] }
                return script.split(separator: "\n").compactMap { line in
                    let lower = line.lowercased().filter { !$0.isWhitespace }
                    guard lower.contains("${{secrets."), !lower.contains("::add-mask::"),
                        ["echo", "printf", "write-host", "write-output"].contains(where: { lower.contains($0) })
                    else { return nil }
                    let name =
                        line.range(of: "secrets.").map { line[$0.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" } } ?? ""
                    let piped = lower.contains("|") || lower.contains(">")
                    return workflow.finding(
                        descriptor,
                        piped
                            ? "`secrets.\(name)` is expanded into the script and piped on" : "`secrets.\(name)` is printed to the job log",
                        at: run, path: step.path.appending(.key("run")),
                        line: workflow.line(of: String(line.trimmingPrefix(while: \.isWhitespace)), from: run),
                        evidence: "echo secrets.\(name)", severity: piped ? .medium : nil)
                }
            }
        })
}
