import Dispatch
import Foundation
import Synchronization

/// How one check fared in a scan (for JUnit and the onboarding checklist).
public struct CheckOutcome: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case pass
        case fail
        /// No artifact of the kinds the check inspects was found.
        case notApplicable = "not-applicable"
        case disabled
    }

    public var checkID: String
    public var status: Status
    public var findings: Int
    /// The id of the check that reports under `checkID`: the same id, or a data-driven check's own
    /// id for each of its rules (the checklist counts a check once, not once per rule).
    public var group: String

    public init(checkID: String, status: Status, findings: Int, group: String? = nil) {
        self.checkID = checkID
        self.status = status
        self.findings = findings
        self.group = group ?? checkID
    }
}

/// The result of the inspect and suppress stages, before ranking and rendering.
public struct ScanResult: Sendable {
    public var roots: [ScanRoot]
    public var findings: [Finding]
    public var notices: [Notice]
    public var outcomes: [CheckOutcome]
    public var descriptors: [CheckDescriptor]
    public var artifactsExamined: Int
    /// How many known findings the baseline suppressed.
    public var suppressedByBaseline: Int
    public var filesRead: Int
    public var duration: Double
    /// Facts published by scan-level checks (drift snapshots); never secrets.
    public var facts: [String: String]
    /// The goose versions installed (read from binaries and package metadata, never by running goose),
    /// lowest first; empty when unknown.
    public var gooseVersions: [String] = []
}

/// The pipeline: discover → classify → inspect → suppress. Ranking and rendering belong to the
/// report generator.
public struct Scanner: Sendable {
    public var checks: [any Check]
    public var context: ScanContext
    /// Finders of goose artifacts inside other files (here-documents, manifests, environment layers).
    public var expanders: [any ArtifactExpander]

    public init(checks: [any Check], context: ScanContext, expanders: [any ArtifactExpander] = []) {
        self.checks = checks
        self.context = context
        self.expanders = expanders
    }

    public func run() -> ScanResult {
        let started = Date()
        let options = context.options
        let active = checks.filter { !options.disabledChecks.contains($0.descriptor.id) }
        var notices: [Notice] = []

        // Discover and classify.
        let rootPaths = Set(options.roots.map(\.path))
        var artifacts: [Artifact] = []
        let hintNames = Classifier.contextFileNames(context.environment["CONTEXT_FILE_NAMES"])
        for root in options.roots {
            let walker = Walker(
                limits: options.walkLimits, skippedNames: Classifier.skippedDirectoryNames,
                skippedPaths: rootPaths.subtracting([root.path]).union(options.excludedPaths))
            let walked = walker.walk(root)
            notices += walked.notices
            for entry in walked.entries {
                if Glob.matchesAny(options.excludes, entry.relativePath) { continue }
                if let only = options.onlyPaths, entry.metadata.type != .directory, !only.contains(entry.path) { continue }
                // A file given alone is judged by its whole path, as it would be inside its folder.
                var kind =
                    root.isFile && root.role == .path && entry.relativePath.isEmpty
                    ? Classifier.classifyFileRoot(path: entry.path, type: entry.metadata.type)
                    : Classifier.classify(
                        relativePath: entry.relativePath, role: root.role, type: entry.metadata.type, rootLayout: walked.rootLayout)
                if kind == .otherFile, hintNames.contains(String(entry.path.split(separator: "/").last ?? "")) { kind = .hints }
                artifacts.append(Artifact(
                    root: root, path: entry.path, relativePath: entry.relativePath, kind: kind,
                    metadata: entry.metadata, symlinkTarget: entry.symlinkTarget))
            }
        }

        // Exposure facts, then refine ambiguous YAML/JSON by content.
        let analyzer = ExposureAnalyzer()
        let discovered = artifacts
        let targets = Mutex<[CheckTarget?]>(Array(repeating: nil, count: discovered.count))
        let aclNotice = Mutex<Notice?>(nil)
        DispatchQueue.concurrentPerform(iterations: discovered.count) { index in
            var artifact = discovered[index]
            if artifact.metadata.type != .symlink, let state = analyzer.state(of: artifact.path) {
                artifact.exposure = analyzer.exposure(of: artifact.path, state: state)
                if analyzer.takeUnsupportedNotice(state) {
                    aclNotice.withLock {
                        $0 = Notice(kind: .aclUnsupported, path: artifact.path, message: "file system has no POSIX ACL support; mode bits only")
                    }
                }
            }
            var target = CheckTarget(artifact: artifact, context: context)
            // Only the head is needed, and it is not kept: holding every YAML file of a large tree until the
            // checks run would make memory grow with the tree.
            if Classifier.needsContentLook(artifact.kind, name: artifact.name), artifact.metadata.type == .regular,
                case .success(let head) = ContentReader.read(artifact.path, expected: artifact.metadata, maxBytes: 64 * 1024),
                !head.isBinary
            {
                let refined = Classifier.refineByContent(artifact.kind, name: artifact.name, text: Substring(head.text))
                if refined != artifact.kind { target = target.reclassified(as: refined) }
            }
            targets.withLock { $0[index] = target }
        }
        if let notice = aclNotice.withLock({ $0 }) { notices.append(notice) }
        let allTargets = targets.withLock { $0.compactMap { $0 } }
        if !allTargets.contains(where: { $0.artifact.kind.isGooseArtifact }) {
            let labels = options.roots.map(\.label).joined(separator: ", ")
            notices.append(Notice(
                kind: .nothingFound, path: "",
                message: "no goose installation and no goose file found in \(labels.isEmpty ? "the scanned roots" : labels); nothing was audited"))
        }

        // Inspect: every check sees only the kinds it asked for.
        let collected = Mutex<[Finding]>([])
        let failures = Mutex<[Notice]>([])
        let embeddedTargets = Mutex<[CheckTarget]>([])
        DispatchQueue.concurrentPerform(iterations: allTargets.count) { index in
            let target = allTargets[index]
            let embedded = expanders.flatMap { $0.expand(target) }
            var local: [Finding] = []
            var inner: [Finding] = []
            for each in [target] + embedded {
                for check in active where check.descriptor.artifactKinds.contains(each.artifact.kind) {
                    // The file-mode checks judge the host file itself, never the text it embeds.
                    if each.artifact.embedding != nil, check.descriptor.category == .filesystem { continue }
                    do {
                        var found = try check.inspect(each)
                        for i in found.indices where found[i].exposure == nil { found[i].exposure = each.artifact.exposure }
                        if each === target { local += found } else { inner += found }
                    } catch {
                        failures.withLock {
                            $0.append(Notice(kind: .checkFailed, path: each.artifact.path, message: "check \(check.descriptor.id) failed: \(error)"))
                        }
                    }
                }
            }
            let kept = Self.dropEmbeddedDuplicates(local, embedded: inner)
            collected.withLock { $0 += kept }
            if !embedded.isEmpty { embeddedTargets.withLock { $0 += embedded } }
            target.release()
        }
        let snapshot = ScanSnapshot(targets: allTargets + embeddedTargets.withLock { $0 }, context: context)
        var findings = collected.withLock { $0 }
        // Findings name their file by root label and path; this finds the target (and its exposure) back.
        let byLocation = Dictionary(allTargets.map { (Self.fileKey($0.artifact.location()), $0) }, uniquingKeysWith: { a, _ in a })
        for check in active {
            do {
                var found = try check.inspectScan(snapshot)
                for i in found.indices where found[i].exposure == nil {
                    found[i].exposure = byLocation[Self.fileKey(found[i].location)]?.artifact.exposure
                }
                findings += found
            } catch {
                notices.append(Notice(kind: .checkFailed, path: "", message: "check \(check.descriptor.id) failed: \(error)"))
            }
        }

        // The same rule at the same place with the same evidence is one finding, whichever way it was reached
        // (a unit's `Environment=` line read as text and as an environment layer); the first one stays.
        findings = Self.uniqueByPlace(findings)

        // Configuration: rules of a data-driven check can be disabled one by one; severities overridden.
        findings.removeAll { options.disabledChecks.contains($0.ruleID) }
        for index in findings.indices {
            if let severity = options.severityOverrides[findings[index].ruleID] { findings[index].severity = severity }
        }

        // Rules that only mean something on some goose releases (docs/goose-surface.md).
        let scoped = VersionScope.apply(findings, versions: snapshot.gooseVersions)
        (findings, notices) = (scoped.findings, notices + scoped.notices)

        // Suppress: inline comments need a reason.
        if options.inlineSuppressions {
            // Each file's lines are split once, not once per finding (40,000 findings in one file).
            var linesByFile: [Location: [Substring]] = [:]
            for index in findings.indices {
                let location = findings[index].location
                guard let line = location.line,
                    let target = byLocation[Self.fileKey(location)],
                    !target.artifact.kind.isWrittenFromConversation,
                    let content = target.content
                else { continue }
                let key = Self.fileKey(location)
                let lines = linesByFile[key] ?? content.lines
                linesByFile[key] = lines
                switch InlineSuppression.find(ruleID: findings[index].ruleID, line: line, in: lines) {
                case .suppressed(let reason):
                    findings[index].suppression = Suppression(source: .inline, reason: reason)
                case .missingReason(let at):
                    target.reportOnce("suppression:\(at)", Notice(kind: .other, path: target.artifact.path, message: "line \(at): goose-audit:ignore without a reason is not honoured"))
                case .none:
                    break
                }
            }
        }

        // Checkout mode: file modes of files git tracks describe the clone, not the configuration.
        let checkout = CheckoutMode.filter(findings, targets: allTargets, context: context)
        findings = checkout.kept
        if checkout.leftOut > 0 {
            notices.append(Notice(
                kind: .other, path: "",
                message: "left out \(checkout.leftOut) file-mode finding(s) on files git tracks: git does not carry modes, owners or ACLs (--checkout-modes reports them)"))
        }

        // Suppress: then findings accepted in a baseline.
        let baselined = options.baseline?.apply(to: &findings) ?? 0
        notices += options.baseline?.notices ?? []

        notices += active.flatMap(\.setupNotices)
        notices += failures.withLock { $0 }
        notices += allTargets.flatMap { $0.notices }
        let descriptors = active.flatMap(\.ruleDescriptors).filter { !options.disabledChecks.contains($0.id) }.map { descriptor in
            var descriptor = descriptor
            descriptor.severity = options.severityOverrides[descriptor.id] ?? descriptor.severity
            return descriptor
        }
        let outcomes = Self.outcomes(checks: checks, disabled: options.disabledChecks, findings: findings, snapshot: snapshot)
        return ScanResult(
            roots: options.roots, findings: findings.sorted { $0.fingerprint < $1.fingerprint },
            notices: Self.dedupe(notices), outcomes: outcomes, descriptors: descriptors,
            artifactsExamined: allTargets.count, suppressedByBaseline: baselined,
            filesRead: allTargets.filter { $0.artifact.metadata.type == .regular }.count,
            duration: Date().timeIntervalSince(started), facts: snapshot.shared.facts,
            gooseVersions: snapshot.gooseVersions.map(\.text))
    }

    /// A location reduced to its file (no line, column or key path).
    static func fileKey(_ location: Location) -> Location { Location(root: location.root, path: location.path) }

    static func outcomes(checks: [any Check], disabled: Set<String>, findings: [Finding], snapshot: ScanSnapshot) -> [CheckOutcome] {
        let kinds = Set(snapshot.targets.map(\.artifact.kind))
        var counts: [String: Int] = [:]
        for finding in findings where finding.suppression == nil { counts[finding.ruleID, default: 0] += 1 }
        var out: [CheckOutcome] = []
        for check in checks {
            let enabled = !disabled.contains(check.descriptor.id)
            let applicable = check.isApplicable(snapshot)
            for descriptor in check.ruleDescriptors {
                let count = counts[descriptor.id] ?? 0
                let status: CheckOutcome.Status =
                    !enabled || disabled.contains(descriptor.id) ? .disabled
                    : count > 0 ? .fail
                    : !applicable || descriptor.artifactKinds.isDisjoint(with: kinds) ? .notApplicable : .pass
                out.append(CheckOutcome(checkID: descriptor.id, status: status, findings: count, group: check.descriptor.id))
            }
        }
        return out.sorted { $0.checkID < $1.checkID }
    }

    static func dedupe(_ notices: [Notice]) -> [Notice] {
        var seen = Set<Notice>()
        return notices.filter { seen.insert($0).inserted }.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
    }
}

/// `goose-audit:ignore <rule-id> <reason>` on the finding's line or the line above.
public enum InlineSuppression {
    public enum Match: Equatable {
        case suppressed(reason: String)
        case missingReason(line: Int)
        case none
    }

    public static let marker = "goose-audit:ignore"

    public static func find(ruleID: String, line: Int, in lines: [Substring]) -> Match {
        for number in [line, line - 1] where number >= 1 && number <= lines.count {
            let text = lines[number - 1]
            guard let range = text.range(of: marker) else { continue }
            let words = text[range.upperBound...].split(whereSeparator: \.isWhitespace)
            guard let rule = words.first, rule == ruleID || rule == "*" else { continue }
            let reason = words.dropFirst().joined(separator: " ").trimmingCharacters(in: "-#*/ >")
            return reason.isEmpty ? .missingReason(line: number) : .suppressed(reason: reason)
        }
        return .none
    }
}

/// Glob matching for excludes: `*` within a segment, `?`, and `**` across segments.
public enum Glob {
    public static func matchesAny(_ patterns: [String], _ path: String) -> Bool {
        patterns.contains { matches($0, path) }
    }

    public static func matches(_ pattern: String, _ path: String) -> Bool {
        let p = Array(pattern.utf8)
        let s = Array(path.utf8)
        if match(p[...], s[...]) { return true }
        // A pattern without a slash matches a file or directory name at any depth, like .gitignore.
        if !pattern.contains("/") {
            return path.split(separator: "/").contains { match(p[...], Array($0.utf8)[...]) }
        }
        // A directory pattern matches everything below it.
        return match(p[...] + Array("/**".utf8), s[...])
    }

    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        let slash = UInt8(ascii: "/")
        let star = UInt8(ascii: "*")
        if first == star, p.dropFirst().first == star {
            var rest = p.dropFirst(2)
            if rest.first == slash { rest = rest.dropFirst() }
            var tail = s
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        if first == star {
            var tail = s
            while true {
                if match(p.dropFirst(), tail) { return true }
                guard let c = tail.first, c != slash else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let c = s.first else { return false }
        if first == UInt8(ascii: "?") ? c != slash : first == c { return match(p.dropFirst(), s.dropFirst()) }
        return false
    }
}
