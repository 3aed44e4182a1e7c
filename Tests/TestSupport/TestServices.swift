import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization
import ServiceKit

/// A service running for real on a loopback port, stopped at the end of the test.
public struct RunningService: Sendable {
    public let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

public func startService(_ definition: ServiceDefinition, configuration: ServiceConfiguration, clock: ServiceClock = ServiceClock()) async throws -> RunningService {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = try await buildServiceApplication(
        definition, configuration: configuration, httpClient: HTTPClient.shared, logger: testLogger, clock: clock,
        onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
    // No deadline on cancelling: in a test, a slow stop on a loaded machine must fail that test
    // (its time limit), not end the whole run.
    let group = boundedServiceGroup([app], logger: testLogger, cancelling: nil)
    // A service that ends before it serves (a port taken, a failed migration) ends the wait too.
    let task = Task {
        defer { continuation.finish() }
        try await group.run()
    }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else {
        // Say why: a port taken, a migration failed, a setting refused.
        if case .failure(let error) = await task.result { throw ServiceDidNotStart(service: configuration.service, reason: "\(error)") }
        throw ServiceDidNotStart(service: configuration.service, reason: "it stopped before serving")
    }
    return RunningService(port: port, group: group, task: task)
}

/// A port that was free a moment ago, from below the kernel's ephemeral range so that tests
/// binding "any port" meanwhile cannot be handed it, and never one this process handed out
/// before: tests reserve ports at the same time, and two holding one port fail each other.
public func reservePort() async throws -> Int {
    for _ in 0..<100 {
        let candidate = Int.random(in: 20_000..<32_000)
        guard handedOutPorts.withLock({ $0.insert(candidate).inserted }) else { continue }
        if let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: candidate).get() {
            try await channel.close()
            return candidate
        }
    }
    throw ServiceDidNotStart(service: nil, reason: "no free port found")
}

private let handedOutPorts = Mutex<Set<Int>>([])

/// Polls until `condition` holds or the time is up.
public func eventually(within limit: Duration = .seconds(15), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// Sends a request and returns status and body.
/// `timeout` is generous where a test fires many requests at one record at once: they take turns
/// at its lock, and on two loaded cores the last of them waits for all the others.
public func http(_ method: HTTPMethod, _ url: String, json: String? = nil, headers: [(String, String)] = [],
                 timeout: TimeAmount = .seconds(30)) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let json {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
    }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let body = try await response.body.collect(upTo: 1 << 22)
    return (Int(response.status.code), String(buffer: body), response.headers)
}


public struct ServiceDidNotStart: Error, CustomStringConvertible {
    public let service: ServiceName?
    public let reason: String
    public var description: String { "\(service?.rawValue ?? "a service") did not start: \(reason)" }
}

/// Raw response bytes, for images.
public enum HTTPClientFetch {
    public static func bytes(_ url: String, headers: [(String, String)] = []) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 24)
        return Array(body.readableBytesView)
    }
}
