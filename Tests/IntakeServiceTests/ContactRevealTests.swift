import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// The sealed contact opens only for the follow-up it was given for: the deputies of the
/// opinion's station and the staff of its street, audited, limited, never cached.
@Suite("Revealing a citizen's contact")
struct ContactRevealTests {
    static let contact = "13900001111"

    /// Submits an opinion with a contact at 民族街道人大代表工作室; answers its id and receipt code.
    static func submit(_ intake: RunningService, contact: String? = Self.contact) async throws -> (id: String, receiptCode: String) {
        let contactFields = contact.map { #","contact":"\#($0)","contactConsent":true"# } ?? ""
        let submitted = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: """
            {"station":"jh-minzu-office","category":"housingProperty","content":"楼道灯坏了，请尽快修理。"\(contactFields)}
            """)
        #expect(submitted.status == 201, "\(submitted.body)")
        let accepted = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
        return (accepted.id, accepted.receiptCode)
    }

    static func headers(_ role: Role, _ subject: String, district: String = "jianghan", street: String? = nil, unit: String? = nil) async throws -> [(String, String)] {
        let token = try testToken(
            Principal(role: role, subject: subject, district: district, street: street, unit: unit), lifetime: 600)
        return [("Authorization", "Bearer \(token)")]
    }

    static func reveal(_ intake: RunningService, _ id: String, reason: String = "回访反映人，告知处理进展", headers: [(String, String)])
        async throws -> (status: Int, body: String, cacheControl: String?, retryAfter: String?) {
        let answer = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(id)/contact/reveal",
                                    json: try String(decoding: JSONEncoder().encode(["reason": reason]), as: UTF8.self), headers: headers)
        return (answer.status, answer.body, answer.headers["Cache-Control"].first, answer.headers["Retry-After"].first)
    }

    static func stationDeputies(_ db: any Database) async throws -> (own: String, other: String) {
        let own = try #require(try await db.queryFirst("SELECT code FROM deputies WHERE station = 'jh-minzu-office' ORDER BY code")?.string("code"))
        let other = try #require(try await db.queryFirst("SELECT code FROM deputies WHERE station <> 'jh-minzu-office' ORDER BY code")?.string("code"))
        return (own, other)
    }

    @Test("the station's deputy and the street's staff read the contact, no-store; everybody else gets 403, an unknown id 404", arguments: Backend.allCases)
    func whoMayReveal(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let (id, _) = try await Self.submit(intake)
            let deputies = try await Self.stationDeputies(db)
            let street = try #require(try await db.queryFirst("SELECT street FROM stations WHERE code = 'jh-minzu-office'")?.string("street"))
            let otherStreet = try #require(try await db.queryFirst("SELECT code FROM streets WHERE code <> \(street) ORDER BY code")?.string("code"))

            for allowed in [try await Self.headers(.deputy, deputies.own), try await Self.headers(.streetStaff, "staff-minzu", street: street)] {
                let answer = try await Self.reveal(intake, id, headers: allowed)
                #expect(answer.status == 200, "\(answer.body)")
                let revealed = try apiDecoder.decode(RevealedContact.self, from: Data(answer.body.utf8))
                #expect(revealed.opinion == id && revealed.contact == Self.contact)
                #expect(answer.cacheControl == "no-store")
            }

            let refused: [[(String, String)]] = [
                try await Self.headers(.deputy, deputies.other),
                try await Self.headers(.streetStaff, "staff-other", street: otherStreet),
                try await Self.headers(.deputy, deputies.own, district: "qiaokou"),
                try await Self.headers(.streetStaff, "staff-minzu", district: "qiaokou", street: street),
                try await Self.headers(.districtStaff, "staff-district"),
                try await Self.headers(.councilMember, "council-1"),
                try await Self.headers(.admin, "admin-1"),
                try await Self.headers(.unit, "clerk", unit: "gov-housing"),
                try await Self.headers(.procuratorate, "procuratorate"),
            ]
            for headers in refused {
                let answer = try await Self.reveal(intake, id, headers: headers)
                #expect(answer.status == 403, "\(headers) \(answer.body)")
                #expect(!answer.body.contains(Self.contact))
            }
            #expect(try await Self.reveal(intake, id, headers: []).status == 401)
            #expect(try await Self.reveal(intake, "op_unknown", headers: try await Self.headers(.deputy, deputies.own)).status == 404)

            // An opinion left without a contact reveals nothing.
            let (anonymous, _) = try await Self.submit(intake, contact: nil)
            let none = try await Self.reveal(intake, anonymous, headers: try await Self.headers(.deputy, deputies.own))
            let revealed = try apiDecoder.decode(RevealedContact.self, from: Data(none.body.utf8))
            #expect(none.status == 200 && revealed.contact == nil)
        }
    }

    @Test("each reveal is audited with who and why, never the contact; a reason is required", arguments: Backend.allCases)
    func auditedWithReason(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let (id, _) = try await Self.submit(intake)
            let deputy = try await Self.headers(.deputy, try await Self.stationDeputies(db).own)
            for reason in ["", "回", String(repeating: "因", count: 201)] {
                let answer = try await Self.reveal(intake, id, reason: reason, headers: deputy)
                #expect(answer.status == 422 && answer.body.contains("reason"), "\(answer.body)")
            }
            let noBody = try await http(.POST, intake.baseURL + "/api/v1/opinions/\(id)/contact/reveal", json: "{}", headers: deputy)
            #expect((400..<500).contains(noBody.status))
            #expect(try await Self.reveal(intake, id, headers: try await Self.headers(.districtStaff, "staff-district")).status == 403)
            #expect(try await Self.reveal(intake, id, reason: "电话回访，告知已转交街道办理（原号码13812345678）", headers: deputy).status == 200)

            let audited = try await db.query("SELECT actor, action, entity_id, summary FROM audit_log WHERE action = 'opinion.contact.reveal'")
            #expect(audited.count == 1)
            let deputyCode = try await Self.stationDeputies(db).own
            #expect(try audited[0].string("actor") == deputyCode && audited[0].string("entity_id") == id)
            let summary = try audited[0].string("summary")
            #expect(summary.contains("电话回访，告知已转交街道办理") && summary.contains("deputy"))
            // Neither the contact nor a number typed into the reason reaches the audit log.
            let everything = try await db.query("SELECT summary FROM audit_log").map { try $0.string("summary") }.joined()
            #expect(!everything.contains(Self.contact) && !everything.contains("13812345678"))
        }
    }

    @Test("20 reveals per person per hour, then 429 with Retry-After; with an Idempotency-Key nothing is kept", arguments: Backend.allCases)
    func rateLimitedAndNeverStored(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let (id, _) = try await Self.submit(intake)
            let street = try #require(try await db.queryFirst("SELECT street FROM stations WHERE code = 'jh-minzu-office'")?.string("street"))
            let staff = try await Self.headers(.streetStaff, "staff-minzu", street: street)

            let keyed = try await Self.reveal(intake, id, headers: staff + [("Idempotency-Key", "reveal-1")])
            #expect(keyed.status == 400 && !keyed.body.contains(Self.contact))
            for _ in 0..<19 { #expect(try await Self.reveal(intake, id, headers: staff).status == 200) }
            let limited = try await Self.reveal(intake, id, headers: staff)
            #expect(limited.status == 429)
            #expect(Int(limited.retryAfter ?? "") ?? 0 > 0)
            #expect(!limited.body.contains(Self.contact))
            // Another person is not held back by it.
            let deputy = try await Self.headers(.deputy, try await Self.stationDeputies(db).own)
            #expect(try await Self.reveal(intake, id, headers: deputy).status == 200)

            let audited = try await db.queryFirst("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'opinion.contact.reveal'")
            #expect(try audited?.int("n") == 20)
            // The refused keyed request stored nothing at all (a refusal never does).
            #expect(try await db.query("SELECT key FROM idempotency_keys").isEmpty)
        }
    }

    @Test("receipts, the receipt page, the ledger and its export are answered no-store", arguments: Backend.allCases)
    func personalAnswersAreNotCached(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, _ in
            let (_, code) = try await Self.submit(intake)
            let staff = try await Self.headers(.districtStaff, "staff-district")
            for (path, headers) in [("/api/v1/receipts/\(code)", []), ("/r/\(code)", []),
                                    ("/api/v1/ledger", staff), ("/api/v1/ledger/export", staff)] {
                let answer = try await http(.GET, intake.baseURL + path, headers: headers)
                #expect(answer.status == 200, "\(path)")
                #expect(answer.headers["Cache-Control"].first == "no-store", "\(path)")
            }
        }
    }
}
