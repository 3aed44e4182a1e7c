import Contracts
import Foundation
import ServiceKit

/// `youyue audit verify`: each service checks its own chain, and also that the heads the other
/// services saw in its messages are still in it (so cutting off the newest entries shows).
public func verifyAuditChains(urls: [ServiceName: String], client: AdminClient) async throws -> [ServiceName: AuditVerification] {
    var seenBy: [ServiceName: [AuditHead]] = [:]
    for (service, url) in urls {
        let seen = try await client.get(url + "/internal/v1/audit/heads-seen", as: [String: [AuditHead]].self)
        for (sender, heads) in seen {
            if let sender = ServiceName(rawValue: sender), sender != service { seenBy[sender, default: []] += heads }
        }
    }
    var results: [ServiceName: AuditVerification] = [:]
    for (service, url) in urls {
        results[service] = try await client.post(
            url + "/internal/v1/audit/verify", json: AuditVerifyRequest(expectedHeads: seenBy[service] ?? []),
            as: AuditVerification.self)
    }
    return results
}
