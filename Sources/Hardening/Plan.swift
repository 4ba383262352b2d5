import GooseAuditCore

#if canImport(Glibc)
    import Glibc
#endif

/// One change hardening would make to one path: tighten the mode, drop extended ACL entries,
/// drop a directory's default ACL. Contents are never changed and nothing is deleted.
public struct FixAction: Sendable, Hashable, Codable {
    public var path: String
    /// The state the plan was made from; apply skips the path if it is no longer so.
    public var before: FileState
    public var newMode: UInt32
    public var removeExtendedACL: Bool
    public var removeDefaultACL: Bool
    /// The findings this change fixes.
    public var ruleIDs: [String]
    /// The owner to give the path back to (only planned when running as root); nil leaves the owner alone.
    public var newOwner: UInt32? = nil

    /// The exact changes as a person would type them.
    public var steps: [String] {
        var out: [String] = []
        if let newOwner, newOwner != before.uid {
            out.append("chown \(PrincipalNames.user(newOwner)) \(path)   (was \(PrincipalNames.user(before.uid)))")
        }
        if before.acl != nil, removeExtendedACL {
            let extra = before.acl!.split(separator: ",").filter {
                !$0.hasPrefix("user::") && !$0.hasPrefix("group::") && !$0.hasPrefix("other::")
            }
            for entry in extra where !entry.hasPrefix("mask::") {
                out.append("remove \(Self.named(entry)) from the ACL of \(path)")
            }
        }
        if before.defaultACL != nil, removeDefaultACL { out.append("remove the default ACL of \(path)   (setfacl -k)") }
        if newMode != before.mode {
            out.append("chmod \(FileMetadata.octal(newMode)) \(path)   (was \(FileMetadata.octal(before.mode)))")
        }
        return out
    }

    /// Makes the path owner-only: group and other mode bits cleared (owner bits and setuid, setgid, sticky kept),
    /// extended ACL entries and a default ACL removed.
    mutating func tighten() {
        newMode = before.mode & 0o7700
        removeExtendedACL = before.acl != nil
        removeDefaultACL = before.defaultACL != nil
    }

    /// `user:1000:r--` → `user:alice`.
    static func named(_ entry: Substring) -> String {
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2, let id = UInt32(parts[1]) else { return String(entry) }
        return parts[0] == "user" ? "user:\(PrincipalNames.user(id))" : "group:\(PrincipalNames.group(id))"
    }
}

/// A finding hardening cannot fix, with the manual step to take.
public struct ManualStep: Sendable, Hashable {
    public var ruleID: String
    public var location: String
    public var step: String
}

/// The plan: what `fix --apply` would do, and what is left to a person.
public struct FixPlan: Sendable {
    public var actions: [FixAction]
    public var manual: [ManualStep]
    public var notices: [Notice]
}

/// Turns fixable findings into changes. A finding is fixable when its check says so and it points at
/// a regular file or directory of the scan (the artifact the finding carries): the change makes that path owner-only (mode bits for group
/// and other cleared, extended ACL entries and a default ACL removed), keeping the owner's own bits and
/// any setuid, setgid or sticky bit.
///
/// Findings about ownership (`ownershipRules`) become a `chown` back to `chownTo` (the owner of the home) when
/// the caller passes one, which it does only when running as root; otherwise they stay manual steps.
public enum FixPlanner {
    /// The checks whose fix is giving a path back to the user goose runs as.
    public static let ownershipRules: Set<String> = ["goose_directory_owned_by_other_user", "file_owned_by_other_user"]

    public static func plan(
        findings: [Finding], descriptors: [String: CheckDescriptor], only: Set<String> = [],
        chownTo: UInt32? = nil
    ) -> FixPlan {
        var byPath: [String: FixAction] = [:]
        var manual: [ManualStep] = []
        var notices: [Notice] = []
        for finding in findings where finding.suppression == nil {
            if !only.isEmpty, !only.contains(finding.ruleID) { continue }
            let display = "\(finding.location.root)/\(finding.location.display)"
            let ownership = ownershipRules.contains(finding.ruleID)
            guard ownership ? chownTo != nil : descriptors[finding.ruleID]?.fixable == true, let path = finding.artifact?.path else {
                manual.append(ManualStep(ruleID: finding.ruleID, location: display, step: finding.remediation))
                continue
            }
            if var existing = byPath[path] {
                if !existing.ruleIDs.contains(finding.ruleID) { existing.ruleIDs.append(finding.ruleID) }
                if ownership { existing.newOwner = chownTo } else { existing.tighten() }
                byPath[path] = existing
                continue
            }
            do {
                let handle = try SafeHandle(opening: path)
                let state = try handle.state()
                var action = FixAction(
                    path: path, before: state, newMode: state.mode, removeExtendedACL: false, removeDefaultACL: false,
                    ruleIDs: [finding.ruleID])
                if ownership { action.newOwner = chownTo } else { action.tighten() }
                if action.steps.isEmpty {
                    manual.append(ManualStep(ruleID: finding.ruleID, location: display, step: finding.remediation))
                } else {
                    byPath[path] = action
                }
            } catch {
                notices.append(Notice(kind: .other, path: path, message: "not planned: \(error)"))
                manual.append(ManualStep(ruleID: finding.ruleID, location: display, step: finding.remediation))
            }
        }
        // Directories first (outermost first), so files created under them later inherit no default ACL.
        let actions = byPath.values.sorted { a, b in
            let ad = a.before.type == .directory
            let bd = b.before.type == .directory
            return ad != bd ? ad : a.path < b.path
        }
        return FixPlan(actions: actions, manual: manual.sorted { ($0.ruleID, $0.location) < ($1.ruleID, $1.location) }, notices: notices)
    }

    /// The owner of `path` (not following a symlink), for the owner of a home.
    public static func owner(of path: String) -> UInt32? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_uid : nil
    }
}
