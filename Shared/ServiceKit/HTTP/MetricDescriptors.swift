import Prometheus

/// The kit's Prometheus metrics: their names, and the help text `/metrics` gives for each.
/// (Made on each use: the descriptor type is not `Sendable`, and meters are made rarely.)
enum MetricDescriptors {
    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "youyue", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests answered, by route, method and status.")
    }
    static var requestDuration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "youyue", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time from a request's arrival to its answer, by route, method and status.")
    }
    static var outboxPending: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "youyue", metricName: "outbox_pending", unitName: "",
            helpText: "Messages in the outbox not yet acknowledged by their receiver.")
    }
    static var outboxDeadLetters: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "youyue", metricName: "outbox_dead_letters", unitName: "",
            helpText: "Messages that gave up after their last attempt; `youyue outbox retry` sends them again.")
    }
}
