import GooseAuditCore
import StructuredText

/// What an agent steered by untrusted text could do with the job's credentials.
struct Reach {
    /// The token's write scopes (`contents: write`), "default token …" when none are declared, nil when read-only.
    var token: String?
    /// Write credentials and secrets besides the provider key: PATs, app tokens, cloud credentials.
    var credentials: [String] = []
    /// Provider keys (and other secrets) the agent's environment holds.
    var providerKeys: [String] = []

    /// Whether a write credential or a secret other than the provider key is in reach.
    var isCritical: Bool { token != nil || !credentials.isEmpty }

    var summary: String {
        let parts = [token.map { "token: \($0)" }].compactMap { $0 } + credentials + providerKeys.map { "provider key \($0)" }
        return parts.isEmpty ? "a read-only token" : parts.joined(separator: "; ")
    }

    /// Names that hold a model provider's key.
    static func isProviderKey(_ name: String) -> Bool {
        let upper = name.uppercased()
        return upper.hasSuffix("_API_KEY") || upper.hasPrefix("GOOSE_PROVIDER") || upper == "DATABRICKS_TOKEN"
            || upper.hasSuffix("_API_TOKEN")
                && (upper.hasPrefix("HF") || upper.hasPrefix("HUGGING"))
    }

    /// The `secrets.NAME` a value refers to.
    static func secretName(in value: String) -> String? {
        guard let range = value.range(of: "secrets.") else { return nil }
        let name = value[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }

    static let cloudActions = [
        "aws-actions/configure-aws-credentials", "google-github-actions/auth", "azure/login", "hashicorp/vault-action",
    ]
    static let appTokenActions = ["actions/create-github-app-token", "tibdex/github-app-token"]
    static let cloudVariables = [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "GOOGLE_APPLICATION_CREDENTIALS", "ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET",
    ]
}

extension GooseAgent {
    /// The credentials within the agent's reach.
    func reach(in workflow: Workflow) -> Reach {
        workflow.isGitLab ? gitLabReach() : gitHubReach(workflow)
    }

    private func gitHubReach(_ workflow: Workflow) -> Reach {
        var reach = Reach()
        let permissions = job.node["permissions"] ?? workflow.root["permissions"]
        if let permissions {
            if let all = permissions.string {
                if all == "write-all" { reach.token = "write-all" }
            } else {
                let writes = permissions.pairs.filter { $0.value.string == "write" }.map { "\($0.key.value): write" }
                if !writes.isEmpty { reach.token = writes.joined(separator: ", ") }
            }
        } else {
            reach.token = "default token (no `permissions:` block)"
        }
        for variable in environment {
            guard let secret = Reach.secretName(in: variable.value) ?? (variable.value.contains("github.token") ? "github.token" : nil)
            else { continue }
            let label = "`\(variable.name)` (\(variable.level) env)"
            if Reach.isProviderKey(variable.name) || Reach.isProviderKey(secret) {
                reach.providerKeys.append(label)
            } else if secret != "GITHUB_TOKEN", secret != "github.token" {
                reach.credentials.append("secret \(label)")
            }
        }
        for step in earlierSteps {
            guard let uses = step.node["uses"]?.string?.lowercased() else { continue }
            if let action = Reach.cloudActions.first(where: { uses.hasPrefix($0) }) {
                reach.credentials.append("cloud credentials (`\(action)`)")
            }
            if let action = Reach.appTokenActions.first(where: { uses.hasPrefix($0) }) {
                reach.credentials.append("GitHub App token (`\(action)`)")
            }
            let with = step.node["with"]
            if uses.hasPrefix("actions/checkout"), let secret = with?["token"]?.string.flatMap(Reach.secretName),
                with?["persist-credentials"]?.string?.lowercased() != "false"
            {
                reach.credentials.append("`secrets.\(secret)` persisted in .git/config by actions/checkout")
            }
        }
        for name in Reach.cloudVariables where environment.contains(where: { $0.name == name }) {
            reach.credentials.append("cloud credentials (`\(name)`)")
        }
        return reach
    }

    /// GitLab: project variables live in settings; only what the file names is visible.
    private func gitLabReach() -> Reach {
        var reach = Reach()
        let words = (script + "\n" + environment.map { "\($0.name)=\($0.value)" }.joined(separator: "\n"))
            .split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "$") }
        for word in Set(words.filter { $0.hasPrefix("$") }.map { String($0.dropFirst()) }).sorted() {
            if Reach.isProviderKey(word) {
                reach.providerKeys.append("`$\(word)`")
            } else if word != "CI_JOB_TOKEN", word.hasSuffix("_TOKEN") || word.hasSuffix("_PAT") || Reach.cloudVariables.contains(word) {
                reach.credentials.append("`$\(word)`")
            }
        }
        return reach
    }
}
