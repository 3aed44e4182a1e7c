import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `POST /api/v1/opinions/{id}/contact/reveal`: the one way a citizen's sealed contact is opened,
/// for the follow-up they were promised. Only a deputy of the opinion's station and the staff of
/// its street (in its district) may; each reveal is audited with who and why (never the contact),
/// limited per person, and answered `no-store`.
func addContactRevealRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let database = environment.database
    let limiter = RateLimiter(capacity: contactRevealsPerHour, per: 3600)
    let reveal = router.group("api/v1/opinions")
        .add(middleware: NoStoreMiddleware())

    reveal.post("{id}/contact/reveal") { request, context in
        let principal = try context.requirePrincipal()
        try limiter.take(for: "\(principal.district)|\(principal.role.rawValue)|\(principal.subject)")
        // The idempotency store keeps answers in plain text; a contact must never be kept there.
        guard !request.headers.contains(where: { $0.name.canonicalName == "idempotency-key" }) else {
            throw Problem.badRequest("查看联系方式不使用 Idempotency-Key：答复含个人信息，不能保存以备重放。")
        }
        // Who may see it is checked before the body is read: an outsider learns nothing from a 400.
        let id = try context.parameters.require("id")
        guard let opinion = try await database.queryFirst("""
            SELECT id, district, station, street, contact_sealed FROM opinions WHERE id = \(id)
            """) else { throw Problem.notFound("没有找到这条意见。") }
        guard try await mayReveal(database, district: try opinion.string("district"), station: try opinion.string("station"),
                                  street: try opinion.string("street"), to: principal) else {
            throw Problem.forbidden("只有本站的代表和本街道的工作人员可以查看这条意见的联系方式。")
        }
        let input = try await request.decode(as: ContactRevealInput.self, context: context)
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(reason.count) else {
            throw Problem.validation(["reason": "请说明查看联系方式的原因（2 到 200 字），将记入审计日志。"])
        }
        let now = environment.clock.now()
        try await database.transaction { db in
            try await environment.audit(db, actor: principal.subject, action: "opinion.contact.reveal", entity: "opinion", entityID: id,
                                        summary: "\(principal.role.rawValue)：\(maskPersonalData(reason))")
        }
        let contact = try opinion.optionalString("contact_sealed").map { try environment.cipher.open($0) }
        return try jsonResponse(RevealedContact(opinion: id, contact: contact, revealedAt: now))
    }
}

/// Reveals per person per hour: enough for a day of follow-up calls, too few to harvest a ledger.
let contactRevealsPerHour = 20

public struct ContactRevealInput: Codable, Sendable {
    /// Why the contact is needed (2–200 characters), kept in the audit log.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}

public struct RevealedContact: Codable, Sendable, Equatable {
    public var opinion: String
    /// nil when the citizen left no contact.
    public var contact: String?
    public var revealedAt: Date
}

/// A deputy placed in the opinion's station, or staff of the opinion's street, both of its
/// district; district staff, units and everyone else are refused.
private func mayReveal(_ db: any SQLExecutor, district: String, station: String, street: String, to principal: Principal) async throws -> Bool {
    guard principal.district == district else { return false }
    switch principal.role {
    case .deputy:
        let placed = try await db.queryFirst("SELECT station FROM deputies WHERE code = \(principal.subject) AND district = \(district)")
        return try placed?.string("station") == station
    case .streetStaff:
        return principal.street == street
    default:
        return false
    }
}
