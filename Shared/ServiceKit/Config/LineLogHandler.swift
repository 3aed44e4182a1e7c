import Foundation
import Logging
import Synchronization

/// One log line per event, the service name first so that `youyue up`, which runs all five in
/// one process, shows whose line it is: `[intake] 2026-11-27T09:10:53Z info message key=value`.
/// Written to standard error and flushed at once.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        let rendered = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "[\(label)] \(Date().ISO8601Format()) \(event.level) \(event.message)\(rendered.isEmpty ? "" : " " + rendered)\n"
        writeLock.withLock { _ in
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}

private let writeLock = Mutex(())
