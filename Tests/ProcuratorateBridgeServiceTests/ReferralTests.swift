import Contracts
import Foundation
import IntakeService
import ProcuratorateBridgeService
import ServiceKit
import TestSupport
import Testing

/// Suggestions referred to the procuratorate and its reports coming back, with a real intake on
/// loopback that the bridge reads suggestions from.
@Suite("Procuratorate bridge")
struct ReferralTests {
    static func withBridge(_ backend: Backend, clock: ServiceClock = ServiceClock(), suite: CryptoSuite = .national,
                           _ body: (RunningService, RunningService, any Database) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { intakeURL in
            try await withFreshDatabaseURL(backend) { bridgeURL in
                let intake = try await startService(intakeService, configuration: testConfiguration(.intake, database: intakeURL, folder: folder))
                let bridge = try await startService(procuratorateBridgeService, configuration: testConfiguration(
                    .procuratorateBridge, database: bridgeURL, peers: [.intake: intake.port, .supervision: 9], folder: folder,
                    extra: ["YOUYUE_CRYPTO_SUITE": suite.rawValue]), clock: clock)
                let database = try openDatabase(bridgeURL, logger: testLogger)
                do {
                    try await body(intake, bridge, database)
                } catch {
                    await database.close(); await bridge.stop(); await intake.stop()
                    throw error
                }
                await database.close(); await bridge.stop(); await intake.stop()
            }
        }
    }

    /// A submitted suggestion about river pollution, with a citizen's phone number in its body.
    static func submittedSuggestion(_ intake: RunningService) async throws -> String {
        #expect(try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: try await bearer(.admin)).status == 200)
        let deputy = try await bearer(.deputy, "dep-0001")
        let draft = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: """
            {"title":"关于治理府河排污口污染的建议","body":"府河沿岸有排污口长期向河道排放污水，水质发黑发臭，举报人电话13912345678，建议相关部门查处并修复河道生态。","category":"environment"}
            """, headers: deputy)
        let id = try apiDecoder.decode(SuggestionView.self, from: Data(draft.body.utf8)).id
        #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(id)/submit", headers: deputy).status == 200)
        return id
    }

    @Test("a referral is built from the suggestion without personal data, signed, and verifiable with the published key", arguments: CryptoSuite.allCases)
    func signedReferral(suite: CryptoSuite) async throws {
        try await Self.withBridge(.sqlite, suite: suite) { intake, bridge, db in
            let suggestion = try await Self.submittedSuggestion(intake)
            let staff = try await bearer(.districtStaff)
            let proposed = try apiDecoder.decode([PublicInterestField].self, from: Data(try await http(.GET, bridge.baseURL + "/api/v1/referrals/proposals/\(suggestion)", headers: staff).body.utf8))
            #expect(proposed.first?.code == "ecology")
            #expect(try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(suggestion)","fields":["astrology"]}"#, headers: staff).status == 422)
            let created = try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(suggestion)","fields":["ecology"]}"#, headers: staff)
            #expect(created.status == 201, "\(created.body)")
            let referral = try apiDecoder.decode(ReferralView.self, from: Data(created.body.utf8))
            #expect(referral.document.facts.contains("府河") && !created.body.contains("13912345678"))
            #expect(try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(suggestion)","fields":["ecology"]}"#, headers: staff).status == 409)

            struct PublishedKey: Decodable { let algorithm: String; let publicKey: String }
            let key = try #require(try apiDecoder.decode([PublishedKey].self, from: Data(try await http(.GET, bridge.baseURL + "/api/v1/keys").body.utf8)).first)
            let signed = try #require(Data(base64Encoded: referral.signedDocument)), signature = try #require(Data(base64Encoded: referral.signature))
            let publicKey = try #require(Data(base64Encoded: key.publicKey))
            #expect(verifyDocument(Array(signed), signature: Array(signature), publicKey: Array(publicKey), algorithm: key.algorithm))
            var tampered = Array(signed)
            tampered[tampered.count / 2] ^= 0x01
            #expect(!verifyDocument(tampered, signature: Array(signature), publicKey: Array(publicKey), algorithm: key.algorithm))
            #expect(try await db.queryFirst("SELECT COUNT(*) AS n FROM outbox WHERE type = 'ProcuratorateProgress' AND destination = 'supervision'")?.int("n") == 1)
        }
    }

    @Test("the procuratorate reads its feed and reports stages as a state machine; deadlines show as overdue; other districts see nothing", arguments: Backend.allCases)
    func procuratorateReports(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: CivilDay("2026-10-09")!.start.addingTimeInterval(3600 * 10))
        try await Self.withBridge(backend, clock: clock) { intake, bridge, db in
            let suggestion = try await Self.submittedSuggestion(intake)
            let created = try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(suggestion)","fields":["ecology"]}"#,
                                         headers: try await bearer(.districtStaff))
            let id = try apiDecoder.decode(ReferralView.self, from: Data(created.body.utf8)).id
            let procuratorate = try await bearer(.procuratorate, "jianghan-procuratorate")
            let feed = try apiDecoder.decode(ReferralFeed.self, from: Data(try await http(.GET, bridge.baseURL + "/api/v1/procuratorate/referrals", headers: procuratorate).body.utf8))
            #expect(feed.items.map(\.id) == [id])
            let empty = try apiDecoder.decode(ReferralFeed.self, from: Data(try await http(.GET, bridge.baseURL + "/api/v1/procuratorate/referrals?cursor=\(feed.nextCursor ?? "")",
                                                                                            headers: procuratorate).body.utf8))
            #expect(empty.items.isEmpty)
            let elsewhere = try testToken(Principal(role: .procuratorate, subject: "p2", district: "wuchang"), lifetime: 60)
            #expect(try await http(.GET, bridge.baseURL + "/api/v1/procuratorate/referrals", headers: [("Authorization", "Bearer \(elsewhere)")]).body.contains(#""items":[]"#))
            #expect(try await http(.POST, bridge.baseURL + "/api/v1/procuratorate/referrals/\(id)/ack", headers: [("Authorization", "Bearer \(elsewhere)")]).status == 404)
            #expect(try await http(.GET, bridge.baseURL + "/api/v1/procuratorate/referrals", headers: try await bearer(.districtStaff)).status == 403)

            let reports = bridge.baseURL + "/api/v1/procuratorate/referrals/\(id)/reports"
            #expect(try await http(.POST, reports, json: #"{"stage":"filed","caseNumber":"汉检公益立〔2026〕1号"}"#, headers: procuratorate).status == 409)
            #expect(try await http(.POST, bridge.baseURL + "/api/v1/procuratorate/referrals/\(id)/ack", headers: procuratorate).status == 200)
            #expect(try await http(.POST, reports, json: #"{"stage":"received","internalNote":"承办检察官：张某"}"#, headers: procuratorate).status == 200)
            // The filing decision is due 10 days after acceptance.
            clock.set(to: CivilDay("2026-10-20")!.start.addingTimeInterval(3600 * 10))
            let late = try apiDecoder.decode(ReferralView.self, from: Data(try await http(.GET, bridge.baseURL + "/api/v1/referrals/\(id)", headers: try await bearer(.districtStaff)).body.utf8))
            #expect(late.filingDecisionDue == "2026-10-19" && late.filingDecisionOverdue)
            #expect(try await http(.POST, reports, json: #"{"stage":"filed"}"#, headers: procuratorate).status == 422)
            let key = [("Idempotency-Key", "filed-\(id)")]
            let filed = try await http(.POST, reports, json: #"{"stage":"filed","caseNumber":"汉检公益立〔2026〕1号"}"#, headers: procuratorate + key)
            #expect(filed.status == 200)
            let repeated = try await http(.POST, reports, json: #"{"stage":"filed","caseNumber":"汉检公益立〔2026〕1号"}"#, headers: procuratorate + key)
            #expect(repeated.status == 200 && repeated.body == filed.body)
            let urgent = try await http(.POST, reports, json: #"{"stage":"preLitigationSuggestion","organ":"区生态环境分局","date":"2026-10-20","urgent":true}"#, headers: procuratorate)
            let suggested = try apiDecoder.decode(ReferralView.self, from: Data(urgent.body.utf8))
            #expect(suggested.organReplyDue == "2026-11-04" && !suggested.organReplyOverdue)
            #expect(try await http(.POST, reports, json: #"{"stage":"closed"}"#, headers: procuratorate).status == 409)

            let steps = try await db.query("SELECT body FROM outbox WHERE type = 'ProcuratorateProgress' ORDER BY id").map {
                try apiDecoder.decode(ProcuratorateProgressBody.self, from: Data(try $0.string("body").utf8))
            }
            #expect(steps.map(\.stage) == ["referred", "acknowledged", "received", "filed", "preLitigationSuggestion"])
            #expect(steps.allSatisfy { !$0.publicNote.contains("张某") } && steps[3].publicNote.contains("汉检公益立〔2026〕1号"))
        }
    }

    @Test("a procuratorial suggestion becomes a draft in intake, linked both ways, that a deputy takes up", arguments: Backend.allCases)
    func procuratorialProposal(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: CivilDay("2026-11-27")!.start.addingTimeInterval(3600 * 10))
        try await Self.withBridge(backend, clock: clock) { intake, bridge, _ in
            #expect(try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: try await bearer(.admin)).status == 200)
            let procuratorate = try await bearer(.procuratorate, "jianghan-procuratorate")
            let bad = try await http(.POST, bridge.baseURL + "/api/v1/procuratorate/proposals", json: #"{"organ":"","issue":"短","field":"x","date":"昨天","text":"短"}"#, headers: procuratorate)
            #expect(bad.status == 422 && bad.body.contains("date"))
            let posted = try await http(.POST, bridge.baseURL + "/api/v1/procuratorate/proposals", json: """
                {"organ":"区市场监督管理局","issue":"校园周边食品摊贩无证经营","field":"foodDrug","date":"2026-11-27","urgent":true,
                 "text":"经查，辖区多所小学周边存在无证食品摊贩，食品来源不明，存在食品安全隐患，建议依法整治并建立长效监管机制。"}
                """, headers: procuratorate)
            #expect(posted.status == 201, "\(posted.body)")
            let proposal = try apiDecoder.decode(ProposalView.self, from: Data(posted.body.utf8))
            #expect(proposal.replyDue == "2026-12-14") // 15 days, moved off Saturday 12-12 to Monday.

            let deputy = try await bearer(.deputy, "dep-0001")
            #expect(try await eventually {
                try await http(.GET, intake.baseURL + "/api/v1/suggestions/proposals", headers: deputy).body.contains(proposal.suggestion)
            })
            let taken = try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(proposal.suggestion)/take-up", headers: deputy)
            #expect(taken.status == 200 && taken.body.contains(#""status":"draft""#) && taken.body.contains("食品摊贩"))
            #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(proposal.suggestion)/take-up", headers: try await bearer(.deputy, "dep-0088")).status == 409)
            let view = try apiDecoder.decode(SuggestionView.self, from: Data(taken.body.utf8))
            #expect(view.leadDeputy == "dep-0001" && view.category == "marketRegulation")
        }
    }
}
