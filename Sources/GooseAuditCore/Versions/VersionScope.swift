/// Applies the rules' goose version ranges (`GooseVersionTable.rules`) to a scan's findings.
///
/// With known installed versions, a finding of a rule whose range contains none of them is
/// dropped: on those releases the setting it judges does nothing (the removed-control check says
/// so instead). With no version known the findings stay (the conservative reading) and one
/// notice per rule says the version could not be established.
public enum VersionScope {
    public static func apply(
        _ findings: [Finding], versions: [GooseVersion], table: GooseVersionTable = .shipped
    ) -> (findings: [Finding], notices: [Notice]) {
        var notices: [Notice] = []
        var noted = Set<String>()
        let kept = findings.filter { finding in
            guard let scope = table.rules[finding.ruleID] else { return true }
            if versions.isEmpty {
                if noted.insert(finding.ruleID).inserted {
                    notices.append(
                        Notice(
                            kind: .other, path: "",
                            message:
                                "goose version unknown (no goose binary or desktop package found): \(finding.ruleID) is reported as if the control it judges still existed; it applies to goose \(scope.range)"
                        ))
                }
                return true
            }
            return versions.contains(where: scope.range.contains)
        }
        return (kept, notices)
    }
}
