import Contracts
import Foundation
import ServiceKit

/// `Authorization: Bearer …` for a person of `role` in `district`: the principals of the tests that
/// one district never sees another's (a deployment may serve every district of a city, and the
/// same deputy code or street code may exist in two of them).
public func bearerIn(_ district: String, _ role: Role, _ subject: String = "tester", street: String? = nil, unit: String? = nil) async throws -> [(String, String)] {
    let token = try testToken(Principal(role: role, subject: subject, district: district, street: street, unit: unit))
    return [("Authorization", "Bearer \(token)")]
}
