import Contracts
import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// Intake's API as a client sees it, over real HTTP, on both databases.
@Suite("Intake API")
struct IntakeAPITests {
    static let sampleFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData/jianghan-sample.json")

    static let publicBaseURL = "https://youyue.jianghan.example"

    /// A running intake with the sample district loaded.
    static func withSeededIntake(_ backend: Backend, port: Int = 0, publicBaseURL: String = publicBaseURL, extra: [String: String] = [:],
                                 _ body: (RunningService, any Database) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { url in
            let intake = try await startService(intakeService, configuration: testConfiguration(.intake, database: url, port: port, peers: [.evaluation: 9], folder: folder,
                                                                                extra: extra.merging(["YOUYUE_PUBLIC_BASE_URL": publicBaseURL]) { own, _ in own }))
            let database = try openDatabase(url, logger: testLogger)
            do {
                let seeded = try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data",
                                            json: String(decoding: try Data(contentsOf: sampleFile), as: UTF8.self),
                                            headers: [("Authorization", "Bearer \(try await token(.admin))")])
                #expect(seeded.status == 200, "\(seeded.body)")
                try await body(intake, database)
            } catch {
                await database.close()
                await intake.stop()
                throw error
            }
            await database.close()
            await intake.stop()
        }
    }

    static func token(_ role: Role) async throws -> String {
        try testToken(
            Principal(role: role, subject: "tester", district: "jianghan", street: nil, unit: nil), lifetime: 600)
    }

    static func count(_ db: any Database, _ table: String) async throws -> Int64 {
        try await db.queryFirst("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)")?.int("n") ?? -1
    }

    @Test("the sample district loads with its real shape, and loading it again changes nothing", arguments: Backend.allCases)
    func seedIsIdempotent(backend: Backend) async throws {
        try await Self.withSeededIntake(backend) { intake, db in
            #expect(try await Self.count(db, "streets") == 13)
            #expect(try await Self.count(db, "communities") == 109)
            #expect(try await Self.count(db, "stations") == 138)
            #expect(try await Self.count(db, "deputies") == 280)
            let again = try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data",
                                       json: String(decoding: try Data(contentsOf: Self.sampleFile), as: UTF8.self),
                                       headers: [("Authorization", "Bearer \(try await Self.token(.admin))")])
            #expect(again.status == 200)
            #expect(try await Self.count(db, "stations") == 138)
            #expect(try await Self.count(db, "deputies") == 280)
            // Only admins load reference data.
            let refused = try await http(.POST, intake.baseURL + "/api/v1/admin/reference-data", json: "{}",
                                         headers: [("Authorization", "Bearer \(try await Self.token(.deputy))")])
            #expect(refused.status == 403)
        }
    }

    @Test("stations are public with their codes; a station shows its deputies' public details", arguments: Backend.allCases)
    func publicStations(backend: Backend) async throws {
        try await Self.withSeededIntake(backend) { intake, _ in
            let list = try await http(.GET, intake.baseURL + "/api/v1/stations?street=minzu")
            let stations = try apiDecoder.decode([PublicStation].self, from: Data(list.body.utf8))
            #expect(stations.contains { $0.code == "jh-minzu-office" && $0.streetName == "民族街道" })
            #expect(stations.allSatisfy { $0.street == "minzu" })
            let office = try await http(.GET, intake.baseURL + "/api/v1/stations/jh-minzu-office")
            let station = try apiDecoder.decode(PublicStation.self, from: Data(office.body.utf8))
            #expect(station.deputies?.isEmpty == false)
            #expect(station.deputies?.allSatisfy { !$0.name.isEmpty && !$0.workUnit.isEmpty } == true)
            #expect(try await http(.GET, intake.baseURL + "/api/v1/stations/no-such-station").status == 404)

            // Deputies looked up by code, in one request: unknown codes are left out.
            let known = try #require(station.deputies?.first)
            let found = try await http(.GET, intake.baseURL + "/api/v1/deputies?code=\(known.code)&code=dep-none&code=\(known.code)")
            #expect(found.status == 200)
            #expect(try apiDecoder.decode([PublicDeputy].self, from: Data(found.body.utf8)) == [known])
            let tooMany = (0...maximumDeputyLookup).map { "code=dep-\($0)" }.joined(separator: "&")
            #expect(try await http(.GET, intake.baseURL + "/api/v1/deputies?" + tooMany).status == 422)
        }
    }

    @Test("a citizen submits an opinion in Chinese, gets a receipt code, and follows it; the contact never shows", arguments: Backend.allCases)
    func submitAndFollow(backend: Backend) async throws {
        try await Self.withSeededIntake(backend) { intake, db in
            let body = #"{"station":"jh-minzu-office","category":"housingProperty","content":"我们小区老旧，七层没有电梯，请帮忙协调加装电梯。联系我13812345678","contact":"13900001111","contactConsent":true}"#
            let submitted = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body, headers: [("Idempotency-Key", "phone-1")])
            #expect(submitted.status == 201, "\(submitted.body)")
            let accepted = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
            #expect(accepted.receiptCode.range(of: #"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$"#, options: .regularExpression) != nil)
            #expect(accepted.receiptURL == Self.publicBaseURL + "/r/" + accepted.receiptCode)

            // A retry after a dropped connection gets the same receipt, and stores nothing twice.
            let retried = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body, headers: [("Idempotency-Key", "phone-1")])
            #expect(retried.body == submitted.body)
            #expect(try await Self.count(db, "opinions") == 1)

            // Typed in lower case with spaces, the receipt code still works.
            let typed = accepted.receiptCode.lowercased().replacingOccurrences(of: "-", with: " ")
                .addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
            let followed = try await http(.GET, intake.baseURL + "/api/v1/receipts/" + typed)
            #expect(followed.status == 200)
            let receipt = try apiDecoder.decode(Receipt.self, from: Data(followed.body.utf8))
            #expect(receipt.status == "received")
            #expect(receipt.stationName == "民族街道人大代表工作室")
            #expect(receipt.timeline.first?.kind == "received")
            #expect(receipt.content.contains("138****5678"))
            #expect(!followed.body.contains("13812345678") && !followed.body.contains("13900001111"))

            // Stored sealed; the message to evaluation carries no contact.
            let row = try #require(try await db.queryFirst("SELECT contact_sealed FROM opinions"))
            let sealed = try row.string("contact_sealed")
            #expect(sealed.hasPrefix("sm4.") && !sealed.contains("13900001111"))
            let outbox = try await db.query("SELECT destination, type, body FROM outbox")
            #expect(outbox.count == 1)
            #expect(try outbox[0].string("destination") == "evaluation" && outbox[0].string("type") == "OpinionRecorded")
            #expect(try !outbox[0].string("body").contains("1390000"))
        }
    }

    @Test("bad submissions get a Chinese message per field, and nothing is stored", arguments: Backend.allCases)
    func invalidSubmissions(backend: Backend) async throws {
        try await Self.withSeededIntake(backend) { intake, db in
            let cases: [(String, String)] = [
                (#"{"station":"jh-minzu-office","category":"housingProperty","content":"短"}"#, "content"),
                (#"{"station":"nowhere","category":"housingProperty","content":"路灯坏了很久没人修"}"#, "station"),
                (#"{"station":"jh-minzu-office","category":"nonsense","content":"路灯坏了很久没人修"}"#, "category"),
                (#"{"station":"jh-minzu-office","category":"housingProperty","content":"路灯坏了很久没人修","contact":"13900001111"}"#, "contactConsent"),
                (#"{"station":"jh-minzu-office","category":"housingProperty","content":"路灯坏了很久没人修","latitude":91,"longitude":114.2}"#, "latitude"),
            ]
            for (body, field) in cases {
                let answer = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body)
                #expect(answer.status == 422, "\(field): \(answer.body)")
                let problem = try apiDecoder.decode(Problem.self, from: Data(answer.body.utf8))
                #expect(problem.errors?[field] != nil, "\(field): \(answer.body)")
            }
            #expect(try await Self.count(db, "opinions") == 0)
            #expect(try await http(.GET, intake.baseURL + "/api/v1/receipts/AAAA-BBBB-CC").status == 404)
        }
    }

    @Test("public submission is rate-limited per client: 429 with Retry-After")
    func submissionRateLimit() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let intake = try await startService(intakeService, configuration: testConfiguration(
            .intake, database: .sqlite(path: folder + "/i.sqlite"), peers: [.evaluation: 9], folder: folder,
            extra: ["YOUYUE_SUBMISSIONS_PER_MINUTE": "2"]))
        let body = #"{"station":"nowhere","category":"x","content":"路灯坏了很久没人修"}"#
        let first = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body)
        let second = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body)
        let third = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: body)
        #expect(first.status == 422 && second.status == 422)
        #expect(third.status == 429)
        #expect(Int(third.headers["Retry-After"].first ?? "") ?? 0 >= 1)
        #expect(third.body.contains("rate-limited"))
        await intake.stop()
    }

    @Test("a station's QR code (PNG and SVG) encodes its public page URL")
    func stationQRCode() async throws {
        try await Self.withSeededIntake(.sqlite) { intake, _ in
            let svg = try await http(.GET, intake.baseURL + "/s/jh-minzu-office/qr.svg")
            #expect(svg.status == 200 && svg.body.contains("<svg"))
            #expect(svg.headers["Content-Type"].first?.hasPrefix("image/svg+xml") == true)
            #expect(try await http(.GET, intake.baseURL + "/s/nowhere/qr.png").status == 404)
            guard let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first(where: FileManager.default.isExecutableFile) else {
                try skipOrFail("zbarimg not installed (apt-get install zbar-tools; .ci/run does)")
            }
            let png = try await HTTPClientFetch.bytes(intake.baseURL + "/s/jh-minzu-office/qr.png")
            let file = try temporaryFolder() + "/qr.png"
            try Data(png).write(to: URL(fileURLWithPath: file))
            let decoded = try await runProcess(zbarimg, ["--raw", "-q", file], within: .seconds(60)).output
            #expect(decoded.trimmingCharacters(in: .whitespacesAndNewlines) == Self.publicBaseURL + "/s/jh-minzu-office")
        }
    }
}
