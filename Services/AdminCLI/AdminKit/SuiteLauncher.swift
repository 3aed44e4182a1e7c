import AsyncHTTPClient
import Contracts
import Foundation
import Hummingbird
import Logging
import ServiceKit
import ServiceLifecycle
import UnixSignals

/// Runs all five services in this process, each on its own port with its own database, as
/// `youyue up` does. Returns when they have stopped (SIGINT/SIGTERM, or the task is cancelled).
/// `onReady` is called once every service answers `/health/ready`.
public func runSuite(
    _ options: SuiteOptions, httpClient: HTTPClient, logger: Logger,
    shutdownSignals: [UnixSignal] = [.sigint, .sigterm],
    onReady: @escaping @Sendable ([ServiceName: String]) async -> Void = { _ in }
) async throws {
    try await requirePortsFree(ServiceName.allCases.map { ($0, options.port(of: $0)) }, host: options.host)
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
    let group = ServiceGroup(configuration: .init(services: applications, gracefulShutdownSignals: shutdownSignals, logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        tasks.addTask {
            try await waitUntilReady(urls, httpClient: httpClient, timeout: .seconds(60))
            await onReady(urls)
        }
        // The suite runs until the group ends; readiness is one-off.
        try await tasks.next()
        if let failure = await firstFailure(of: &tasks) { throw failure }
    }
}

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
