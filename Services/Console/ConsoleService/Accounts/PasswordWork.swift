import NIOPosix
import ServiceKit

/// scrypt costs about a quarter of a second of CPU and 32 MiB per hash: it runs on NIO's blocking
/// thread pool (one thread per core), so a burst of sign-ins queues there instead of stalling the
/// threads every request needs.
enum PasswordWork {
    static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { try PasswordHash.make(password: password) }
    }

    static func verify(_ password: String, against stored: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { PasswordHash.verify(password, against: stored) }) ?? false
    }
}
