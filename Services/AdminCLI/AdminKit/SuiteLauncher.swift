import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import Logging
import ServiceKit
import ServiceLifecycle
import UnixSignals

/// All five services, built and ready to run in this process, as `youyue up` runs them.
public struct Suite: Sendable {
    public let urls: [ServiceName: String]
    let group: ServiceGroup
    let httpClient: HTTPClient

    /// Runs until SIGINT/SIGTERM (when listened for) or `stop()`; `onReady` is called once every
    /// service answers `/health/ready`.
    public func run(onReady: @escaping @Sendable ([ServiceName: String]) async -> Void = { _ in }) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                try await waitUntilReady(urls, httpClient: httpClient, timeout: .seconds(60))
                await onReady(urls)
            }
            // The suite runs until the group ends; readiness is one-off.
            if let failure = await firstFailure(of: &tasks) { throw failure }
        }
    }

    /// Stops all six gracefully: servers first, then dispatchers, then databases.
    public func stop() async {
        await group.triggerGracefulShutdown()
    }
}

/// Checks the ports, creates PostgreSQL databases when asked, opens and migrates each service's
/// database, and builds the six applications.
public func prepareSuite(
    _ options: SuiteOptions, httpClient: HTTPClient, logger: Logger, shutdownSignals: [UnixSignal] = [.sigint, .sigterm]
) async throws -> Suite {
    try await requirePortsFree(ServiceName.allCases.map { ($0, options.port(of: $0)) }, host: options.host)
    // The data folder holds the ledger and the secrets: only its owner may enter it.
    try FileManager.default.createDirectory(
        atPath: options.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    if let postgres = options.postgres {
        try await createServiceDatabases(on: postgres, logger: logger)
    }
    let environment = options.environment()
    var applications: [any Service] = []
    for definition in suiteServices {
        let configuration = try ServiceConfiguration(service: definition.name, environment: environment)
        let serviceLogger = Logger(label: definition.name.rawValue)
        applications.append(try await buildServiceApplication(
            definition, configuration: configuration, httpClient: httpClient, logger: serviceLogger))
    }
    let urls = Dictionary(uniqueKeysWithValues: ServiceName.allCases.map { ($0, options.baseURL(of: $0)) })
    let group = boundedServiceGroup(applications, signals: shutdownSignals, logger: logger)
    return Suite(urls: urls, group: group, httpClient: httpClient)
}

/// Waits for every task; the first error, if any.
private func firstFailure(of tasks: inout ThrowingTaskGroup<Void, any Error>) async -> (any Error)? {
    do {
        while try await tasks.next() != nil {}
        return nil
    } catch {
        return error
    }
}

/// Polls each service's `/health/ready` until all say ready.
public func waitUntilReady(_ urls: [ServiceName: String], httpClient: HTTPClient, timeout: Duration) async throws {
    let deadline = ContinuousClock.now + timeout
    var waiting = Set(urls.keys)
    while !waiting.isEmpty {
        for service in waiting {
            if let readiness = try? await fetchReadiness(urls[service] ?? "", httpClient: httpClient), readiness.ready {
                waiting.remove(service)
            }
        }
        if waiting.isEmpty { return }
        guard ContinuousClock.now < deadline else {
            throw SuiteNotReady(services: waiting.map(\.rawValue).sorted())
        }
        try await Task.sleep(for: .milliseconds(100))
    }
}

public struct SuiteNotReady: Error, CustomStringConvertible {
    public let services: [String]
    public var description: String { "not ready in time: " + services.joined(separator: ", ") }
}
