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
