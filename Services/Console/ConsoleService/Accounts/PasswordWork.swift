import NIOPosix
import ServiceKit

/// scrypt costs about a quarter of a second of CPU and 32 MiB per hash at the default cost: it
/// runs on NIO's blocking thread pool (one thread per core), so a burst of sign-ins queues there
/// instead of stalling the threads every request needs. The cost (log2 N) is
/// `YOUYUE_PASSWORD_COST`, 15 by default; raising it later rehashes each password at its owner's
/// next sign-in, since every hash names its own parameters.
struct PasswordWork: Sendable {
    let parameters: ScryptParameters

    init(_ configuration: ServiceConfiguration) throws {
        let defaults = ScryptParameters.default
        parameters = ScryptParameters(
            logN: try configuration.environment.int("YOUYUE_PASSWORD_COST", default: defaults.logN, in: 10...20),
            blockSize: defaults.blockSize, parallelization: defaults.parallelization)
    }

    func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [parameters] in try PasswordHash.make(password: password, parameters: parameters) }
    }

    func verify(_ password: String, against stored: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { PasswordHash.verify(password, against: stored) }) ?? false
    }

    func needsRehash(_ stored: String) -> Bool {
        PasswordHash.needsRehash(stored, parameters: parameters)
    }
}
