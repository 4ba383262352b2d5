/// A list of integers in storage it manages itself: appending checks the capacity only (a Swift array appended to
/// through a list of lists checks it is not shared on every append).
struct IntList {
    private var base: UnsafeMutablePointer<Int>?
    private var capacity = 0
    var count = 0

    @inline(__always)
    mutating func append(_ value: Int) {
        if count == capacity { grow() }
        base.unsafelyUnwrapped[count] = value
        count += 1
    }

    subscript(index: Int) -> Int {
        get { base.unsafelyUnwrapped[index] }
        set { base.unsafelyUnwrapped[index] = newValue }
    }

    /// The values, copied.
    var array: [Int] { count == 0 ? [] : Array(UnsafeBufferPointer(start: base, count: count)) }

    private mutating func grow() {
        let larger = max(256, capacity * 2)
        let storage = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        if let base {
            storage.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = storage
        capacity = larger
    }

    /// Frees the storage (the list must not be used afterwards).
    mutating func release() {
        base?.deallocate()
        base = nil
        capacity = 0
        count = 0
    }
}

/// A fixed number of `IntList`s, freed with their owner.
final class IntLists {
    /// The lists, `count` of them.
    let lists: UnsafeMutablePointer<IntList>
    let count: Int

    init(_ count: Int) {
        self.count = count
        lists = .allocate(capacity: count)
        lists.initialize(repeating: IntList(), count: count)
    }

    /// Every list emptied, its storage kept.
    func clear() {
        for index in 0..<count { lists[index].count = 0 }
    }

    deinit {
        for index in 0..<count { lists[index].release() }
        lists.deinitialize(count: count)
        lists.deallocate()
    }
}
