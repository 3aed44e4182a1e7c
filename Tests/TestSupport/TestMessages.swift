import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit

/// `Authorization: Bearer …` for a person of `role` in the test district.
public func bearer(_ role: Role, _ subject: String = "tester", street: String? = nil, unit: String? = nil) async throws -> [(String, String)] {
    let token = try testToken(Principal(role: role, subject: subject, district: "jianghan", street: street, unit: unit))
    return [("Authorization", "Bearer \(token)")]
}

/// Delivers a message to a running service as its sender's outbox would, and returns the
/// receiver's answer (`applied`, `duplicate` or `stale`).
@discardableResult
public func deliver(_ type: MessageType, to baseURL: String, from sender: ServiceName, entity: String, sequence: Int64 = 1,
                    body: some Encodable) async throws -> (status: Int, body: String) {
    let token = try testToken(serviceTokenPrincipal(sender), lifetime: 60)
    let envelope = MessageEnvelope(
        id: makeID(prefix: "msg"), type: type, sender: sender, district: "jianghan", sentAt: Date(), entity: entity,
        sequence: sequence, auditHead: nil, body: String(decoding: try apiEncoder.encode(body), as: UTF8.self))
    let answer = try await http(.POST, baseURL + "/internal/v1/messages", json: String(decoding: try apiEncoder.encode(envelope), as: UTF8.self),
                                headers: [("Authorization", "Bearer \(token)")])
    return (answer.status, answer.body)
}

/// The repository's folder, for fixtures such as the sample district file.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The sample district file's text.
public func sampleDistrictFile() throws -> String {
    String(decoding: try Data(contentsOf: repositoryRoot.appendingPathComponent("SampleData/jianghan-sample.json")), as: UTF8.self)
}
