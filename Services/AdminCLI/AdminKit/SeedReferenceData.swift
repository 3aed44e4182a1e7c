import Contracts
import Foundation

/// Posts a district's reference data file to the services that keep it: each takes its own
/// sections of the one file. Returns a line per service with what it now holds.
public func seedReferenceData(_ file: [UInt8], urls: [ServiceName: String], client: AdminClient) async throws -> [String] {
    let targets: [(ServiceName, String)] = [(.intake, "/api/v1/admin/reference-data"), (.routing, "/api/v1/admin/routing-data")]
    var lines: [String] = []
    for (service, path) in targets {
        let counts = try await client.post((urls[service] ?? "") + path, body: file, as: [String: Int].self)
        lines.append("\(service.rawValue): " + counts.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
    return lines
}
