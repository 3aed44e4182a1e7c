/// The six services of the suite; the raw value is the executable and the log label.
public enum ServiceName: String, Codable, Sendable, CaseIterable {
    case intake
    case routing
    case supervision
    case evaluation
    case procuratorateBridge = "procuratorate-bridge"
    case console

    /// The port each service listens on when nothing else is configured (DESIGN.md).
    public var defaultPort: Int {
        switch self {
        case .intake: 8081
        case .routing: 8082
        case .supervision: 8083
        case .evaluation: 8084
        case .procuratorateBridge: 8085
        case .console: 8086
        }
    }

    /// The form used in environment variable names: `YOUYUE_PROCURATORATE_BRIDGE_PORT`.
    public var environmentPrefix: String {
        "YOUYUE_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }
}
