import CPCRE2
import Synchronization

/// A pattern compiled by PCRE2 (8-bit code units, no UTF, JIT when available).
///
/// `@unchecked Sendable` is sound here: the compiled code is never modified after `init`
/// (compile and JIT compile both happen there), and PCRE2 documents compiled code as safe to
/// share between threads. Everything a match mutates (match data, match context, JIT stack)
/// lives in a `MatchSession`, which is created per scan and never shared.
public final class CompiledPattern: @unchecked Sendable {
    let code: OpaquePointer
    /// The number of capture groups.
    public let captureCount: Int
    /// Whether the JIT compiled it (then matches take PCRE2's JIT fast path, which skips the
    /// argument checks `pcre2_match` repeats on every call; limits and offset limit still apply).
    let jitted: Bool

    /// A compile failure: PCRE2's message and the byte offset it points at.
    public struct Failure: Error, Sendable {
        public var offset: Int
        public var message: String
    }

    /// Compiles `pattern` in byte mode with `PCRE2_USE_OFFSET_LIMIT` (for keyword windows).
    public init(_ pattern: String) throws(Failure) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress, buffer.count, PCRE2_USE_OFFSET_LIMIT, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw Failure(offset: errorOffset, message: Self.message(for: errorCode))
        }
        code = compiled
        // A JIT failure (no JIT on this CPU) leaves the interpreter, which honours the same limits.
        jitted = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
    }

    deinit { pcre2_code_free_8(code) }

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return length > 0 ? String(decoding: buffer.prefix(Int(length)), as: UTF8.self) : "PCRE2 error \(code)"
    }
}

/// Per-scan matching state: match data, a match context carrying the limits and the offset
/// limit, and a JIT stack. Used by one scan (one thread) at a time.
///
/// `@unchecked Sendable` only so that a `SessionPool` can hand a session from one scan to the
/// next (the JIT stack is an mmap'd region: creating one per file cost more than small files'
/// matching); the pool gives each session to one taker at a time, never to two.
public final class MatchSession: @unchecked Sendable {
    /// Backtracking steps allowed per match attempt.
    public static let matchLimit: UInt32 = 200_000
    /// Nesting depth allowed per match attempt (interpreter only; the JIT uses its stack size).
    public static let depthLimit: UInt32 = 2_000

    private let matchData: OpaquePointer
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?
    /// How many match attempts stopped at a limit; their text was not fully searched.
    public internal(set) var limitHits = 0
    /// Planning's per-rule lists, kept from scan to scan so that their storage is reused (see `PlanSpace`).
    var planSpace: PlanSpace?

    public init(maxCaptures: Int) {
        matchData = pcre2_match_data_create_8(UInt32(maxCaptures + 1), nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, Self.matchLimit)
        pcre2_set_depth_limit_8(context, Self.depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 512 * 1024, nil)
        pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack))
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Byte ranges of the whole match (index 0) and each group (nil when unset).
    public typealias Groups = [Range<Int>?]

    /// The leftmost match that starts at or after `start` and, when `startLimit` is given, at or
    /// before `startLimit`.
    public func firstMatch(
        _ pattern: CompiledPattern, in subject: UnsafeBufferPointer<UInt8>, from start: Int, startLimit: Int? = nil
    ) -> Groups? {
        guard let base = subject.baseAddress, start <= subject.count else { return nil }
        pcre2_set_offset_limit_8(context, startLimit ?? cpcre2_unset())
        let rc =
            pattern.jitted
            ? pcre2_jit_match_8(pattern.code, base, subject.count, start, 0, matchData, context)
            : pcre2_match_8(pattern.code, base, subject.count, start, 0, matchData, context)
        guard rc > 0 else {
            if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT {
                limitHits += 1
            }
            return nil
        }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let unset = cpcre2_unset()
        return (0...pattern.captureCount).map { group -> Range<Int>? in
            guard group < Int(rc) else { return nil }
            let lower = ovector[2 * group]
            let upper = ovector[2 * group + 1]
            return lower == unset || upper < lower ? nil : lower..<upper
        }
    }

    /// Whether `pattern` matches anywhere in `text` (for allow patterns).
    public func matches(_ pattern: CompiledPattern, _ text: [UInt8]) -> Bool {
        !text.isEmpty && text.withUnsafeBufferPointer { firstMatch(pattern, in: $0, from: 0) != nil }
    }
}

/// Match sessions kept for reuse: a scan takes one (or makes one) and gives it back when done.
final class SessionPool: Sendable {
    private let idle = Mutex<[MatchSession]>([])
    private let maxCaptures: Int

    init(maxCaptures: Int) {
        self.maxCaptures = maxCaptures
    }

    /// Runs `body` with a session no one else holds, its limit count at zero.
    func withSession<Result>(_ body: (MatchSession) -> Result) -> Result {
        let session = idle.withLock { $0.popLast() } ?? MatchSession(maxCaptures: maxCaptures)
        session.limitHits = 0
        let result = body(session)
        idle.withLock { $0.append(session) }
        return result
    }
}
