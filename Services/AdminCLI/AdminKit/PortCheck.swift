import Contracts
import Foundation
import NIOCore
import NIOPosix

/// A port another program holds, named with the service that wanted it.
public struct PortInUse: Error, CustomStringConvertible {
    public let service: ServiceName
    public let port: Int
    public var description: String {
        "port \(port) for \(service.rawValue) is already in use: stop the program using it, or set \(service.environmentPrefix)_PORT to another port"
    }
}

/// Fails with `PortInUse` before anything starts, rather than leaving half a suite running.
public func requirePortsFree(_ ports: [(ServiceName, Int)], host: String) async throws {
    for (service, port) in ports where port != 0 {
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: host, port: port).get()
            try await channel.close()
        } catch {
            throw PortInUse(service: service, port: port)
        }
    }
}

/// A port that was free a moment ago, for tests that start services side by side. It is taken
/// from below the kernel's ephemeral range, so a socket that asks for "any port" meanwhile (other
/// tests do) cannot be handed the same one.
public func freePort(host: String = "127.0.0.1") async throws -> Int {
    for _ in 0..<100 {
        let candidate = Int.random(in: 20_000..<30_000)
        if let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: host, port: candidate).get() {
            try await channel.close()
            return candidate
        }
    }
    throw PortInUse(service: .intake, port: 0)
}
