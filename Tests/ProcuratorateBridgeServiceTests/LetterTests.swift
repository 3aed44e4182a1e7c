import Contracts
import Foundation
import IntakeService
import ProcuratorateBridgeService
import ServiceKit
import TestSupport
import Testing

/// The printable referral letter, and the mapping between the two agencies' records.
@Suite("Referral letter and mapping")
struct LetterTests {
    struct PublishedKey: Decodable { let algorithm: String; let publicKey: String; let fingerprint: String; let fingerprintAlgorithm: String }

    /// Uppercase hex in groups of four, as the letter prints digests.
    static func grouped(_ bytes: [UInt8]) -> String {
        let hex = Array(hexString(bytes).uppercased())
        return stride(from: 0, to: hex.count, by: 4).map { String(hex[$0..<min($0 + 4, hex.count)]) }.joined(separator: " ")
    }

    /// `object[key]` of parsed JSON, step by step.
    static func json(_ object: Any?, _ keys: String...) -> Any? {
        keys.reduce(object) { ($0 as? [String: Any])?[$1] }
    }

    /// A submitted suggestion led by dep-0001 (民族街道) with co-signers from its own street and
    /// from 花楼街道, built on a citizen's opinion that left a contact number; phone numbers in
    /// the body and the place too.
    static func suggestionWithCoSigners(_ intake: RunningService) async throws -> String {
        #expect(try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: try await bearer(.admin)).status == 200)
        let opinion = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: """
            {"station":"jh-minzu-office","category":"environment","content":"府河排污口每天晚上排黑水，气味很大，请代表反映。我的电话13700002222","contact":"13600003333","contactConsent":true}
            """, headers: [("Idempotency-Key", "letter-opinion")])
        #expect(opinion.status == 201, "\(opinion.body)")
        let opinionID = try apiDecoder.decode(SubmissionAccepted.self, from: Data(opinion.body.utf8)).id
        let lead = try await bearer(.deputy, "dep-0001")
        let draft = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: """
            {"title":"关于治理府河排污口污染的建议","body":"府河沿岸有排污口长期向河道排放污水，水质发黑发臭。\\n举报人电话13912345678，建议相关部门查处并修复河道生态。",
             "category":"environment","place":"府河汉口段（联系人 13811112222）","coSigners":["dep-0088","dep-0200"],"opinions":["\(opinionID)"]}
            """, headers: lead)
        #expect(draft.status == 201, "\(draft.body)")
        let id = try apiDecoder.decode(SuggestionView.self, from: Data(draft.body.utf8)).id
        for coSigner in ["dep-0088", "dep-0200"] {
            #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(id)/confirm", headers: try await bearer(.deputy, coSigner)).status == 200)
        }
        #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(id)/submit", headers: lead).status == 200)
        return id
    }

    @Test("the letter is a formal A4 letter in Chinese, names the deputies, cites the law, tells how to verify, and carries no citizen's data",
          arguments: Backend.allCases)
    func letter(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: CivilDay("2026-10-09")!.start.addingTimeInterval(3600 * 10))
        try await ReferralTests.withBridge(backend, clock: clock) { intake, bridge, _ in
            let suggestion = try await Self.suggestionWithCoSigners(intake)
            let staff = try await bearer(.districtStaff)
            let created = try await http(.POST, bridge.baseURL + "/api/v1/referrals", json: #"{"suggestion":"\#(suggestion)","fields":["ecology","workSafety"]}"#, headers: staff)
            #expect(created.status == 201, "\(created.body)")
            let referral = try apiDecoder.decode(ReferralView.self, from: Data(created.body.utf8))
            #expect(referral.document.leadDeputyName == "高涵竹" && referral.document.coSignerNames == ["任蓉", "陈德磊"])
            #expect(referral.document.streetName == "民族街道" && referral.document.attachments?.count == 3)

            let page = try await http(.GET, bridge.baseURL + "/referrals/\(referral.id)/letter", headers: staff)
            #expect(page.status == 200 && page.headers["Content-Type"].first == "text/html; charset=utf-8")
            let html = page.body
            for expected in ["<h1>公益诉讼案件线索移送函</h1>", #"<p class="number" id="letter-number">江汉人大常委会公益移〔2026〕1号</p>"#,
                             #"<p id="addressee">江汉区人民检察院：</p>"#, "《关于治理府河排污口污染的建议》",
                             "领衔代表：高涵竹", "附议代表：任蓉、陈德磊", "民族街道 府河汉口段", "水质发黑发臭。</p>",
                             "生态环境和资源保护：《中华人民共和国行政诉讼法》第二十五条第四款、《中华人民共和国民事诉讼法》第五十八条第二款",
                             "安全生产：《中华人民共和国安全生产法》第七十四条第二款", "群众意见 1 条",
                             #"<p id="issuer">江汉区人民代表大会常务委员会</p>"#, #"<p id="letter-date">二〇二六年十月九日</p>"#,
                             "SM2-with-SM3", "/api/v1/keys", "/api/v1/procuratorate/referrals/\(referral.id)",
                             "@page{size:A4", "@media print{", "header.site,footer,.no-print{display:none!important}",
                             #"<meta name="viewport" content="width=device-width, initial-scale=1">"#] {
                #expect(html.contains(expected), "missing: \(expected)")
            }
            // Citizens' personal data never appears: not the numbers in the opinion, its contact,
            // the suggestion's body or its place; nor a deputy's contact, nor a receipt code.
            for personal in ["13700002222", "13600003333", "13912345678", "13811112222", "027-8555100", "/r/"] {
                #expect(!html.contains(personal), "leaked: \(personal)")
            }

            // The fingerprint and digest printed are those of the published key and the signed file.
            let key = try #require(try apiDecoder.decode([PublishedKey].self, from: Data(try await http(.GET, bridge.baseURL + "/api/v1/keys").body.utf8)).first)
            let publicKey = try #require(Data(base64Encoded: key.publicKey)), signed = try #require(Data(base64Encoded: referral.signedDocument))
            #expect(key.fingerprintAlgorithm == "SM3" && key.fingerprint == Self.grouped(CryptoSuite.national.digest(Array(publicKey))))
            #expect(html.contains(#"<code id="key-fingerprint">\#(key.fingerprint)</code>"#))
            #expect(html.contains(#"<code id="document-digest">\#(Self.grouped(CryptoSuite.national.digest(Array(signed))))</code>"#))

            // Who may read it: as for the referral itself, and the procuratorate of its district.
            let url = bridge.baseURL + "/referrals/\(referral.id)/letter"
            let elsewhere = try testToken(Principal(role: .procuratorate, subject: "p2", district: "wuchang"), lifetime: 60)
            let otherStaff = try testToken(Principal(role: .districtStaff, subject: "s2", district: "wuchang"), lifetime: 60)
            for (headers, status) in [(try await bearer(.procuratorate, "jianghan-procuratorate"), 200), (try await bearer(.councilMember), 200),
                                      (try await bearer(.admin), 200), ([("Authorization", "Bearer \(elsewhere)")], 404),
                                      ([("Authorization", "Bearer \(otherStaff)")], 404), (try await bearer(.deputy, "dep-0001"), 403),
                                      (try await bearer(.unit, "clerk", unit: "gov-housing"), 403), (try await bearer(.streetStaff, street: "minzu"), 403),
                                      ([], 401)] {
                let answer = try await http(.GET, url, headers: headers)
                #expect(answer.status == status, "\(headers.first?.1.prefix(20) ?? "none"): \(answer.status)")
                if status != 200 { #expect(!answer.body.contains("府河")) }
            }
            #expect(try await http(.GET, bridge.baseURL + "/referrals/ref-none/letter", headers: staff).status == 404)
            // The procuratorate reads the signed file the letter points it to.
            let own = try await http(.GET, bridge.baseURL + "/api/v1/procuratorate/referrals/\(referral.id)", headers: try await bearer(.procuratorate, "jianghan-procuratorate"))
            #expect(own.status == 200 && own.body.contains(referral.signature))
            #expect(try await http(.GET, bridge.baseURL + "/api/v1/procuratorate/referrals/\(referral.id)", headers: [("Authorization", "Bearer \(elsewhere)")]).status == 404)

            // The internal note of a report stays with the bridge: not in the referral, not in the letter.
            let procuratorate = try await bearer(.procuratorate, "jianghan-procuratorate")
            #expect(try await http(.POST, bridge.baseURL + "/api/v1/procuratorate/referrals/\(referral.id)/ack", headers: procuratorate).status == 200)
            let received = try await http(.POST, bridge.baseURL + "/api/v1/procuratorate/referrals/\(referral.id)/reports",
                                          json: #"{"stage":"received","note":"已指定专人审查","internalNote":"承办检察官：李某，电话13500004444"}"#, headers: procuratorate)
            #expect(received.status == 200 && received.body.contains("已指定专人审查") && !received.body.contains("李某"))
            #expect(!(try await http(.GET, bridge.baseURL + "/api/v1/referrals/\(referral.id)", headers: staff).body.contains("李某")))
            let after = try await http(.GET, url, headers: staff).body
            #expect(after.contains("检察院已受理") && !after.contains("李某") && !after.contains("13500004444"))
        }
    }

    @Test("letters are numbered per district and year in the order referrals were made; a referral stored before names were kept still prints")
    func numbering() async throws {
        let clock = ServiceClock()
        clock.set(to: CivilDay("2026-12-31")!.start.addingTimeInterval(3600 * 10))
        try await ReferralTests.withBridge(.sqlite, clock: clock, suite: .international) { intake, bridge, db in
            let first = try await Self.suggestionWithCoSigners(intake)
            let staff = try await bearer(.districtStaff)
            let deputy = try await bearer(.deputy, "dep-0200")
            let draft = try await http(.POST, intake.baseURL + "/api/v1/suggestions", json: """
                {"title":"关于整治花楼街燃气安全隐患的建议","body":"花楼街多家餐饮店燃气管道老化，存在安全隐患，建议开展专项检查并督促整改。","category":"publicSafety"}
                """, headers: deputy)
            let second = try apiDecoder.decode(SuggestionView.self, from: Data(draft.body.utf8)).id
            #expect(try await http(.POST, intake.baseURL + "/api/v1/suggestions/\(second)/submit", headers: deputy).status == 200)

            let a = try apiDecoder.decode(ReferralView.self, from: Data(try await http(.POST, bridge.baseURL + "/api/v1/referrals",
                json: #"{"suggestion":"\#(first)","fields":["ecology"]}"#, headers: staff).body.utf8))
            clock.set(to: CivilDay("2027-01-04")!.start.addingTimeInterval(3600 * 10))
            let b = try apiDecoder.decode(ReferralView.self, from: Data(try await http(.POST, bridge.baseURL + "/api/v1/referrals",
                json: #"{"suggestion":"\#(second)","fields":["workSafety"]}"#, headers: staff).body.utf8))
            let letterA = try await http(.GET, bridge.baseURL + "/referrals/\(a.id)/letter", headers: staff).body
            let letterB = try await http(.GET, bridge.baseURL + "/referrals/\(b.id)/letter", headers: staff).body
            #expect(letterA.contains("公益移〔2026〕1号") && letterA.contains("二〇二六年十二月三十一日"))
            #expect(letterB.contains("公益移〔2027〕1号") && letterB.contains("二〇二七年一月四日") && letterB.contains("领衔代表：陈德磊"))
            #expect(!letterB.contains("附议代表：") && letterB.contains("ECDSA-P256-SHA256") && letterB.contains("SHA-256"))

            // A document signed before names were kept: the letter names deputies by code.
            let old = #"{"category":"environment","coSigners":["dep-0088"],"district":"jianghan","facts":"河道污染。","fields":["ecology"],"leadDeputy":"dep-0001","referral":"ref-old","referredAt":"2026-12-30T02:00:00Z","street":"minzu","suggestion":"sg-old","title":"旧的移送"}"#
            try await db.execute("""
                INSERT INTO referrals (id, district, suggestion, fields, document, signature, algorithm, stage, created_by, created_at, updated_at)
                VALUES ('ref-old', 'jianghan', 'sg-old', 'ecology', \(old), 'c2ln', 'ECDSA-P256-SHA256', 'referred', 'tester',
                        \(CivilDay("2026-12-30")!.start.addingTimeInterval(3600 * 10)), \(CivilDay("2026-12-30")!.start.addingTimeInterval(3600 * 10)))
                """)
            let oldLetter = try await http(.GET, bridge.baseURL + "/referrals/ref-old/letter", headers: staff)
            #expect(oldLetter.status == 200 && oldLetter.body.contains("领衔代表：代表（编号 dep-0001）") && oldLetter.body.contains("公益移〔2026〕1号"))
            #expect(try await http(.GET, bridge.baseURL + "/referrals/\(a.id)/letter", headers: staff).body.contains("公益移〔2026〕2号"))
        }
    }

    @Test("the mapping of suggestion fields to referral fields and of stages to supervision states is served and in the OpenAPI document")
    func mapping() async throws {
        try await ReferralTests.withBridge(.sqlite) { _, bridge, _ in
            let answer = try await http(.GET, bridge.baseURL + "/api/v1/mapping")
            #expect(answer.status == 200)
            let mapping = try apiDecoder.decode(BridgeMapping.self, from: Data(answer.body.utf8))
            #expect(mapping.stages.map(\.stage) == ProcuratorateStage.allCases)
            #expect(mapping.stages.allSatisfy { $0.timelineStep == "procuratorate." + $0.stage.rawValue })
            #expect(mapping.stages.first { $0.stage == .organReplied }?.comparableCaseStatus == .replied)
            #expect(mapping.stages.first { $0.stage == .received }?.next == [.filed, .notFiled])
            #expect(mapping.referralFields.contains { $0.referralField == "facts" && $0.suggestionField == "body" })
            #expect(Set(mapping.caseStatuses.map(\.caseStatus)) == Set(CaseStatus.allCases))
            // Every referral field is mapped.
            let documentKeys = Set(["referral", "district", "suggestion", "title", "facts", "category", "street", "place", "leadDeputy", "coSigners", "fields",
                                    "referredAt", "leadDeputyName", "coSignerNames", "streetName", "attachments"])
            #expect(Set(mapping.referralFields.map(\.referralField)) == documentKeys)

            let openAPI = try JSONSerialization.jsonObject(with: Data(try await http(.GET, bridge.baseURL + "/openapi.json").body.utf8))
            let refer = try #require(Self.json(openAPI, "paths", "/api/v1/referrals", "post", "summary") as? String)
            #expect(refer.contains("| facts | body |"))
            let report = try #require(Self.json(openAPI, "paths", "/api/v1/procuratorate/referrals/{id}/reports", "post", "summary") as? String)
            #expect(report.contains("| organReplied | 行政机关已书面回复检察建议 |") && report.contains("procuratorate.organReplied"))
            #expect((Self.json(openAPI, "paths", "/referrals/{id}/letter", "get", "description") as? String)?.contains("procuratorate") == true)
            let mappingSchema = try #require(Self.json(openAPI, "paths", "/api/v1/mapping", "get", "responses", "200", "content", "application/json", "schema", "description") as? String)
            #expect(mappingSchema.contains("## Procuratorate stages") && mappingSchema.contains("| title | title |"))
        }
    }
}
