import Logging
import ServiceLifecycle
import UnixSignals

/// How a group of services stops: gracefully (servers finish their requests, dispatchers their
/// pass, databases close) for at most `graceful`, then by cancellation for at most `cancelling`,
/// then (unless `cancelling` is nil) the process ends with a message naming what did not stop. A stop that waits forever is
/// worse than one that ends abruptly: a container orchestrator, `youyue up` and the tests all
/// need the process back.
public func boundedServiceGroup(
    _ services: [any Service], signals: [UnixSignal] = [], logger: Logger,
    graceful: Duration = .seconds(15), cancelling: Duration? = .seconds(15)
) -> ServiceGroup {
    var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals, logger: logger)
    configuration.maximumGracefulShutdownDuration = graceful
    configuration.maximumCancellationDuration = cancelling
    return ServiceGroup(configuration: configuration)
}
