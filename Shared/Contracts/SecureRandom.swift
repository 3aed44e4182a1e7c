import Foundation

/// Fills `buffer` from the kernel's cryptographically secure generator. Small requests (an ID's
/// random part, an IV) are served from a reserve fetched 4 KB at a time, so that each does not
/// cost a `getrandom` call of its own; every byte is handed out once.
public func fillWithSecureRandomBytes(_ buffer: UnsafeMutableRawBufferPointer) {
    guard let start = buffer.baseAddress, buffer.count > 0 else { return }
    guard buffer.count <= RandomReserve.size / 4 else { return arc4random_buf(start, buffer.count) }
    randomReserve.take(into: buffer)
}

private let randomReserve = RandomReserve()

/// The reserve: its lock guards `bytes` and `used`.
private final class RandomReserve: @unchecked Sendable {
    static let size = 4096
    private let lock = NSLock()
    private let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
    /// Bytes before this offset have been handed out.
    private var used = size

    func take(into buffer: UnsafeMutableRawBufferPointer) {
        lock.lock()
        defer { lock.unlock() }
        if used + buffer.count > Self.size {
            arc4random_buf(bytes.baseAddress!, Self.size)
            used = 0
        }
        let taken = UnsafeMutableRawBufferPointer(rebasing: bytes[used..<used + buffer.count])
        buffer.copyMemory(from: UnsafeRawBufferPointer(taken))
        // What was handed out is not kept.
        taken.initializeMemory(as: UInt8.self, repeating: 0)
        used += buffer.count
    }
}
