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
    for (service, port) in ports where !(await isPortFree(port, host: host)) {
        throw PortInUse(service: service, port: port)
    }
}

/// Whether a server could listen on `port` now. The probe binds as the services do, with
/// SO_REUSEADDR: connections of a suite that just stopped linger in TIME_WAIT for about a minute,
/// and they do not keep a server from listening, so they must not fail the check either.
public func isPortFree(_ port: Int, host: String) async -> Bool {
    guard port != 0 else { return true }
    do {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port).get()
        try await channel.close()
        return true
    } catch {
        return false
    }
}
