import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import StructuredText
import Testing

@testable import AgentPermissionChecks

/// Recipes (repository and scheduled), Desktop-saved recipe envelopes, and `goose://` deep links.
struct RecipeAndLinkTests {
    func scan(_ files: [String: String], role: RootRole = .path, _ name: String) throws -> [Finding] {
        let tree = try FixtureTree(name)
        for (path, text) in files { try tree.file(path, text) }
        return CheckRunner.scan(Permissions.checks, root: tree.root, role: role).findings
    }

    @Test("a Desktop-saved recipe envelope reports key paths under `recipe`")
    func desktopEnvelope() throws {
        let envelope = """
            {
              "name": "triage",
              "isGlobal": true,
              "recipe": {
                "title": "Triage",
                "instructions": "triage",
                "extensions": [{"type": "stdio", "name": "x", "cmd": "bash", "args": ["-c", "id"]}]
              }
            }
            """
        let findings = try scan(["recipes/triage.json": envelope], role: .config, "recipe-envelope")
        let local = try #require(findings.first { $0.ruleID == "recipe_local_extension" })
        #expect(local.location.keyPath == "recipe.extensions[0].type")
        #expect(local.location.line == 7)
        #expect(findings.contains { $0.ruleID == "extension_inline_shell" && $0.location.keyPath == "recipe.extensions[0].args[0]" })
    }

    @Test("scheduled recipes say that they run unattended")
    func scheduledRecipe() throws {
        let recipe =
            "title: nightly\ninstructions: clean up\nretry:\n  max_retries: 1\n  checks:\n    - type: shell\n      command: rm -rf build\n"
        let findings = try scan(["scheduled_recipes/nightly.yaml": recipe], role: .data, "recipe-scheduled")
        let retry = try #require(findings.first { $0.ruleID == "recipe_retry_shell" })
        #expect(retry.location.line == 7)
        #expect(retry.location.keyPath == "retry.checks[0].command")
        #expect(retry.message.contains("unattended"))
        #expect(!retry.message.contains("build"), "only the program name is quoted, not the whole command")
    }

    @Test("a percent-encoded, URL-safe base64 recipe link is decoded and judged by its worst problem")
    func encodedRecipeLink() throws {
        let json =
            #"{"title":"t","instructions":"i","retry":{"max_retries":1,"checks":[{"type":"shell","command":"make"}]},"parameters":[{"key":"f","input_type":"file"}]}"#
        let base64 = Data(json.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let encoded = base64.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? base64
        let findings = try scan(
            [".github/ISSUE_TEMPLATE/bug.md": "Reproduce:\n<a href=\"goose://bot?config=\(encoded)\">open</a>\n"], "link-encoded")
        let link = try #require(findings.first { $0.ruleID == "deeplink_untrusted_payload" })
        #expect(link.location.line == 2)
        #expect(link.severity == .high)
        #expect(link.message.hasPrefix("goose://bot link:"))
        #expect(link.message.contains("retry check"))
        #expect(link.message.contains("parameter `f`"))
    }

    @Test("an extension link over plain http is medium, a harmless link low, an undecodable payload info, bare mentions nothing")
    func extensionAndOtherLinks() throws {
        let text = """
            goose://extension?url=http%3A%2F%2F10.0.0.9%2Fmcp&name=wiki
            goose://recipe?config=eyJ0aXRsZSI6InQiLCJpbnN0cnVjdGlvbnMiOiJpIn0=
            goose://recipe?config=%%%not-base64
            goose://sessions?id=1
            const link = `goose://recipe?config=${encoded}`; // and a bare goose://recipe mention
            goose://extension?name=only-a-name
            """
        let findings = try scan(["docs/links.md": text + "\n"], "link-kinds").filter { $0.ruleID == "deeplink_untrusted_payload" }
        let byLine = Dictionary(findings.map { ($0.location.line ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byLine[1]?.severity == .medium)
        #expect(byLine[1]?.message.contains("plain http") == true)
        #expect(byLine[2]?.severity == .low)
        #expect(byLine[3]?.severity == .info)
        #expect(byLine[3]?.confidence == .low)
        #expect(byLine[3]?.message.contains("cannot be decoded") == true)
        #expect(byLine[4] == nil, "session links run nothing")
        #expect(
            findings.filter { $0.location.line == 5 }.map(\.severity) == [.info], "the template is undecodable, the bare mention is nothing"
        )
        #expect(byLine[6] == nil, "an extension link without a command or URL installs nothing")
    }

    @Test("files without links are not decoded")
    func noLinks() throws {
        #expect(!DeepLinkCheck.mentionsLink(Array("goose:/ is not a link, nor is goose:".utf8)))
        #expect(DeepLinkCheck.mentionsLink(Array("see goose://recipe".utf8)))
        #expect(DeepLinkCheck.mentionsLink(Array("goose://".utf8)), "a link at the very start and end of a file")
        #expect(!DeepLinkCheck.mentionsLink(Array("goose:/".utf8)))
        #expect(!DeepLinkCheck.mentionsLink(Array("https://example.invalid/goose:".utf8)))
    }

    @Test("sub-recipe paths are judged relative to the recipe's own directory")
    func subRecipeDepth() {
        let root = ScanRoot(label: ".", path: "/repo", role: .path)
        let metadata = FileMetadata(type: .regular, permissions: 0o644, uid: 0, gid: 0)
        let nested = Artifact(root: root, path: "/repo/a/b/main.yaml", relativePath: "a/b/main.yaml", kind: .recipe, metadata: metadata)
        #expect(RecipeChecks.escape("../../x.yaml", from: nested) == nil)
        #expect(RecipeChecks.escape("../../../x.yaml", from: nested) != nil)
        #expect(RecipeChecks.escape("~/x.yaml", from: nested) != nil)
        #expect(RecipeChecks.escape("{{ other }}/x.yaml", from: nested) == nil)
    }

    @Test("extends tags pointing outside the tree are reported")
    func extendsTag() throws {
        let recipe = "title: t\ninstructions: |\n  {% extends \"/etc/goose/base.yaml\" %}\n  do work\n"
        let findings = try scan(["recipes/child.yaml": recipe], "recipe-extends")
        let escape = try #require(findings.first { $0.ruleID == "recipe_subrecipe_escape" })
        #expect(escape.location.keyPath == "instructions")
        #expect(escape.message.contains("/etc/goose/base.yaml"))
    }

    @Test("interpreter options before the inline-code flag are skipped; script files are not one-liners")
    func interpreterOptions() throws {
        func entry(_ cmd: String, _ args: [String]) -> MergedEntry {
            let artifact = Artifact(
                root: ScanRoot(label: ".", path: "/r", role: .path), path: "/r/c.yaml", relativePath: "c.yaml", kind: .config,
                metadata: FileMetadata(type: .regular, permissions: 0o600, uid: 0, gid: 0))
            let origin = Origin.file(artifact, Position(line: 1, column: 1))
            let scalar = { (text: String) -> Node in .scalar(Scalar(value: text, position: Position(line: 1, column: 1))) }
            return MergedEntry(
                name: "x",
                fields: [
                    "type": Setting(node: scalar("stdio"), keyPath: [.key("type")], origin: origin),
                    "cmd": Setting(node: scalar(cmd), keyPath: [.key("cmd")], origin: origin),
                    "args": Setting(
                        node: .sequence(args.map(scalar), Position(line: 1, column: 1)), keyPath: [.key("args")], origin: origin),
                ])
        }
        #expect(ExtensionRules.InlineShell.problem(entry("/bin/bash", ["-l", "-c", "serve"]))?.evidence == "bash -c")
        #expect(ExtensionRules.InlineShell.problem(entry("npx", ["-y", "-c", "serve"]))?.evidence == "npx -c")
        #expect(ExtensionRules.InlineShell.problem(entry("python3", ["-m", "server"])) == nil)
        #expect(ExtensionRules.InlineShell.problem(entry("bash", ["./start.sh", "-c"])) == nil)
        #expect(ExtensionRules.UnpinnedPackage.problem(entry("uvx", ["mcp-server-fetch==2025.1.17"])) == nil)
        #expect(ExtensionRules.UnpinnedPackage.problem(entry("uvx", ["mcp-server-fetch"]))?.message.contains("no version") == true)
    }

    @Test("two links of the same kind in one file keep distinct fingerprints, and the evidence never quotes the link")
    func linkFingerprints() throws {
        let token = "tok" + "_FAKE_VALUE_123"
        let text = "goose://extension?cmd=npx&arg=a&env=API_TOKEN=\(token)\ngoose://extension?cmd=npx&arg=b\n"
        let findings = try scan(["docs/two.md": text], "link-fingerprints").filter { $0.ruleID == "deeplink_untrusted_payload" }
        #expect(findings.count == 2)
        #expect(Set(findings.map(\.fingerprint)).count == 2)
        #expect(!findings.contains { $0.evidence.text.contains(token) || $0.message.contains(token) })
    }
}
