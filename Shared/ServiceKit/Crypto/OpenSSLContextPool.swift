import Synchronization

/// OpenSSL contexts of one kind kept for reuse. A call borrows a ready context instead of
/// allocating one, and freeing it afterwards; with OpenSSL 3.0 a fresh context also takes and
/// drops a reference to the algorithm every thread shares, an atomic operation on one memory
/// location that the request threads and the writer all fought over on every write.
final class OpenSSLContextPool: Sendable {
    /// An OpenSSL context pointer, owned by the pool while it is spare.
    private struct Spare: @unchecked Sendable {
        let context: OpaquePointer
    }

    private let spares = Mutex<[Spare]>([])
    private let make: @Sendable () -> OpaquePointer?
    private let free: @Sendable (OpaquePointer) -> Void
    /// More than the threads that ever borrow at once; a context returned beyond it is freed.
    private let capacity = 16

    init(make: @escaping @Sendable () -> OpaquePointer?, free: @escaping @Sendable (OpaquePointer) -> Void) {
        self.make = make
        self.free = free
    }

    deinit {
        spares.withLock { spares in
            for spare in spares { free(spare.context) }
        }
    }

    /// Runs `body` with a context no one else uses meanwhile. `body` must leave nothing in it that
    /// the next borrower depends on: each one sets the context up again first.
    func borrow<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        guard let context = spares.withLock({ $0.popLast()?.context }) ?? make() else {
            throw CryptoFailure(operation: "allocating an OpenSSL context")
        }
        defer {
            let kept = spares.withLock { spares in
                guard spares.count < capacity else { return false }
                spares.append(Spare(context: context))
                return true
            }
            if !kept { free(context) }
        }
        return try body(context)
    }
}
