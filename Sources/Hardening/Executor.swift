import Foundation
import GooseAuditCore

/// One applied change, enough to undo it exactly.
public struct JournalEntry: Sendable, Hashable, Codable {
    public var path: String
    public var inode: UInt64
    public var device: UInt64
    public var uid: UInt32
    public var gid: UInt32
    public var oldMode: UInt32
    public var newMode: UInt32
    public var oldACL: String?
    public var newACL: String?
    public var oldDefaultACL: String?
    public var newDefaultACL: String?
    /// The owner the fix gave the path (`uid` is the owner before); nil when the owner was not changed.
    public var newUID: UInt32? = nil
    public var time: Date
}

/// The record of one `fix --apply` run, written 0600 in goose-audit's state directory.
public struct Journal: Sendable, Codable {
    public var version = 1
    public var tool: String
    public var created: Date
    public var entries: [JournalEntry]

    public init(tool: String, created: Date, entries: [JournalEntry] = []) {
        self.tool = tool
        self.created = created
        self.entries = entries
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> Journal {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Journal.self, from: data)
    }
}

/// Carries out a plan through safe handles, checking each path against the state the plan saw,
/// verifying every change, and journaling it before moving on.
public struct FixExecutor: Sendable {
    /// Called after each applied change so the journal on disk is never behind the file system.
    public var persist: @Sendable (Journal) throws -> Void

    public init(persist: @escaping @Sendable (Journal) throws -> Void) {
        self.persist = persist
    }

    public struct Outcome: Sendable {
        public var journal: Journal
        public var notices: [Notice]
    }

    public func apply(_ plan: FixPlan, tool: String) -> Outcome {
        var journal = Journal(tool: tool, created: Date())
        var notices: [Notice] = []
        for action in plan.actions {
            do {
                let handle = try SafeHandle(opening: action.path)
                let current = try handle.state()
                guard current.sameState(as: action.before) else {
                    notices.append(Notice(kind: .changed, path: action.path, message: "changed since the plan was made; skipped"))
                    continue
                }
                // Journal the intended change first: a crash mid-way still leaves a record to undo from.
                var entry = JournalEntry(
                    path: action.path, inode: current.inode, device: current.device, uid: current.uid, gid: current.gid,
                    oldMode: current.mode, newMode: action.newMode, oldACL: current.acl,
                    newACL: action.removeExtendedACL ? nil : current.acl, oldDefaultACL: current.defaultACL,
                    newDefaultACL: action.removeDefaultACL ? nil : current.defaultACL, newUID: action.newOwner, time: Date())
                journal.entries.append(entry)
                try persist(journal)
                // chown first: it clears setuid/setgid, which the chmod below then sets as planned.
                if let owner = action.newOwner, owner != current.uid { try handle.chown(owner) }
                if action.removeDefaultACL { try handle.setDefaultACL(nil) }
                if action.removeExtendedACL { try handle.setACL(nil, mode: action.newMode) }
                try handle.chmod(action.newMode)
                let after = try handle.state()
                entry.newACL = after.acl
                entry.newDefaultACL = after.defaultACL
                journal.entries[journal.entries.count - 1] = entry
                try persist(journal)
                if after.mode != action.newMode || (action.removeExtendedACL && after.acl != nil)
                    || (action.newOwner.map { after.uid != $0 } ?? false)
                    || (action.removeDefaultACL && after.defaultACL != nil)
                {
                    notices.append(Notice(kind: .other, path: action.path, message: "change did not take effect as planned"))
                }
            } catch {
                notices.append(Notice(kind: .other, path: action.path, message: "not changed: \(error)"))
            }
        }
        return Outcome(journal: journal, notices: notices)
    }

    /// Restores every entry of `journal`, newest first. A path whose state is no longer the one the
    /// journal left is skipped with a notice rather than overwritten. Only what a fix can have done is
    /// undone: an entry that changed nothing, that would add a mode bit the fix could not have removed
    /// (setuid, setgid, sticky, or any bit of the new mode's complement), or that left an ACL other than
    /// none or the old one, is refused.
    public static func undo(_ journal: Journal) -> [Notice] {
        var notices: [Notice] = []
        for entry in journal.entries.reversed() {
            if let reason = refusal(entry) {
                notices.append(Notice(kind: .other, path: entry.path, message: "not restored: \(reason)"))
                continue
            }
            do {
                let handle = try SafeHandle(opening: entry.path)
                let current = try handle.state()
                guard current.inode == entry.inode, current.device == entry.device else {
                    notices.append(Notice(kind: .changed, path: entry.path, message: "is a different file now; not restored"))
                    continue
                }
                guard current.mode == entry.newMode, current.acl == entry.newACL, current.defaultACL == entry.newDefaultACL,
                    current.uid == (entry.newUID ?? entry.uid), current.gid == entry.gid
                else {
                    notices.append(Notice(kind: .changed, path: entry.path, message: "changed since the fix; not restored"))
                    continue
                }
                let chowned = entry.newUID != nil && current.uid != entry.uid
                if chowned { try handle.chown(entry.uid) }
                // Special bits are the file's own now, never the journal's (chown clears setuid/setgid: set again).
                let mode = (entry.oldMode & 0o777) | (current.mode & 0o7000)
                if entry.oldACL != entry.newACL { try handle.setACL(entry.oldACL, mode: mode) }
                if chowned || mode != current.mode { try handle.chmod(mode) }
                if current.type == .directory, entry.oldDefaultACL != entry.newDefaultACL {
                    try handle.setDefaultACL(entry.oldDefaultACL)
                }
            } catch {
                notices.append(Notice(kind: .other, path: entry.path, message: "not restored: \(error)"))
            }
        }
        return notices
    }

    /// Why `entry` cannot be the record of a change `apply` made, or nil.
    static func refusal(_ entry: JournalEntry) -> String? {
        if (entry.oldMode ^ entry.newMode) & 0o7000 != 0 {
            return "the journal changes a setuid, setgid or sticky bit, which fix never does"
        }
        if entry.newMode & ~entry.oldMode != 0 { return "the journal's fix added mode bits, which fix never does" }
        if entry.newACL != nil && entry.newACL != entry.oldACL { return "the journal's fix changed an ACL other than by removing it" }
        if entry.newDefaultACL != nil && entry.newDefaultACL != entry.oldDefaultACL {
            return "the journal's fix changed a default ACL other than by removing it"
        }
        if entry.oldMode == entry.newMode && entry.oldACL == entry.newACL && entry.oldDefaultACL == entry.newDefaultACL
            && (entry.newUID ?? entry.uid) == entry.uid
        {
            return "the journal's fix did not change this path"
        }
        return nil
    }
}
