import Contracts
import Foundation
import ServiceKit
import SupervisionService
import TestSupport
import Testing

/// Supervision as units, staff and the other services use it, over real HTTP, with a clock the
/// test moves.
@Suite("Supervision cases")
struct CaseTests {
    static func withSupervision(_ backend: Backend, clock: ServiceClock = ServiceClock(),
                                _ body: (RunningService, any Database) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withFreshDatabaseURL(backend) { url in
            let supervision = try await startService(supervisionService, configuration: testConfiguration(
                .supervision, database: url, peers: [.intake: 9, .routing: 9, .evaluation: 9], folder: folder,
                extra: ["YOUYUE_DEADLINE_SCAN_MS": "100"]), clock: clock)
            let database = try openDatabase(url, logger: testLogger)
            do {
                try await body(supervision, database)
            } catch {
                await database.close()
                await supervision.stop()
                throw error
            }
            await database.close()
            await supervision.stop()
        }
    }

    /// Issues an assignment as routing would, and returns the new case's id.
    static func issue(_ supervision: RunningService, _ db: any Database, assignment: String, unit: String, role: AssignmentIssuedBody.UnitRole = .lead,
                      deadline: String, issuedAt: Date, suggestion: String = "sg-1", confidential: Bool = false) async throws -> String {
        try await deliver(.assignmentIssued, to: supervision.baseURL, from: .routing, entity: assignment, body: AssignmentIssuedBody(
            assignment: assignment, list: "list-1", suggestion: suggestion, title: confidential ? "涉密建议" : "关于加装电梯补贴的建议", body: "建议公开补贴进度。",
            category: "housingProperty", street: "minzu", tier: .district, unit: unit, unitName: unit == "gov-housing" ? "区住房和城市更新局" : "区财政局",
            role: role, leadUnit: "gov-housing", coUnits: ["gov-finance"], leadDeputy: "dep-0001", coSigners: ["dep-0088"], complex: false,
            deadline: deadline, issuedAt: issuedAt, confidential: confidential))
        return try #require(try await db.queryFirst("SELECT id FROM cases WHERE assignment = \(assignment)")?.string("id"))
    }

    static func day(_ text: String) -> Date { CivilDay(text)!.start.addingTimeInterval(10 * 3600) }

    @Test("a unit accepts, contacts the deputy, replies; the rating closes or reopens the case; the board tells the story", arguments: Backend.allCases)
    func lifecycle(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: Self.day("2026-02-10"))
        try await Self.withSupervision(backend, clock: clock) { supervision, db in
            let id = try await Self.issue(supervision, db, assignment: "asg-1", unit: "gov-housing", deadline: "2026-05-11", issuedAt: Self.day("2026-02-10"))
            _ = try await Self.issue(supervision, db, assignment: "asg-2", unit: "gov-finance", role: .coUnit, deadline: "2026-05-11", issuedAt: Self.day("2026-02-10"))
            let housing = try await bearer(.unit, "clerk", unit: "gov-housing")
            let finance = try await bearer(.unit, "clerk2", unit: "gov-finance")
            let url = supervision.baseURL + "/api/v1/cases/\(id)"

            // Who sees the case: its signers, its street's staff, district staff and council members.
            for (headers, status) in [(try await bearer(.deputy, "dep-0001"), 200), (try await bearer(.deputy, "dep-0088"), 200),
                                      (try await bearer(.deputy, "dep-0200"), 404), (try await bearer(.streetStaff, street: "minzu"), 200),
                                      (try await bearer(.streetStaff, street: "hualou"), 404), (try await bearer(.councilMember), 200),
                                      (try await bearer(.districtStaff), 200)] {
                #expect(try await http(.GET, url, headers: headers).status == status)
            }
            // Seeing is not acting: only the unit handles its case.
            #expect(try await http(.POST, url + "/accept", headers: try await bearer(.districtStaff)).status == 403)
            #expect(try await http(.GET, supervision.baseURL + "/api/v1/cases", headers: try await bearer(.streetStaff, street: "hualou")).body == "[]")
            // Another unit trying this case by its id learns nothing.
            #expect(try await http(.GET, url, headers: finance).status == 404)
            #expect(try await http(.POST, url + "/accept", headers: finance).status == 404)
            #expect(try await http(.POST, url + "/reply", json: #"{"result":"A","text":"已经解决"}"#, headers: housing).status == 409)
            #expect(try await http(.POST, url + "/accept", headers: housing).status == 200)
            #expect(try await http(.POST, url + "/accept", headers: housing).status == 409)

            let early = try await http(.POST, url + "/reply", json: #"{"result":"B","text":"已列入今年老旧小区改造计划，年底前完成补贴发放。","promise":{"what":"发放全部加装电梯补贴","due":"2026-12-31"}}"#, headers: housing)
            #expect(early.status == 409 && early.body.contains("沟通"))
            #expect(try await http(.POST, url + "/contacts", json: #"{"method":"当面","day":"2026-02-12","summary":"与领衔代表当面沟通补贴进度"}"#, headers: housing).status == 201)
            let noPromise = try await http(.POST, url + "/reply", json: #"{"result":"B","text":"已列入今年老旧小区改造计划，年底前完成补贴发放。"}"#, headers: housing)
            #expect(noPromise.status == 422 && noPromise.body.contains("promise"))
            let replied = try await http(.POST, url + "/reply", json: #"{"result":"B","text":"已列入今年老旧小区改造计划，年底前完成补贴发放。","promise":{"what":"发放全部加装电梯补贴","due":"2026-12-31"}}"#, headers: housing)
            #expect(replied.status == 200 && replied.body.contains(#""status":"replied""#), "\(replied.body)")
            #expect(try await db.queryFirst("SELECT destination FROM outbox WHERE type = 'ReplySubmitted'")?.string("destination") == "evaluation")

            try await deliver(.evaluationRecorded, to: supervision.baseURL, from: .evaluation, entity: id, body: EvaluationRecordedBody(
                caseID: id, suggestion: "sg-1", round: 1, satisfaction: .unsatisfied, comment: "进度太慢", ratedAt: Date()))
            let reopened = try apiDecoder.decode(CaseDetail.self, from: Data(try await http(.GET, url, headers: housing).body.utf8)).record
            #expect(reopened.status == .rehandling && reopened.round == 2)
            // One month from 2026-02-10 is 03-10, a Tuesday: a working day.
            #expect(reopened.deadline == "2026-03-10")
            #expect(try await http(.POST, url + "/contacts", json: #"{"method":"电话","day":"2026-02-20","summary":"再次沟通"}"#, headers: housing).status == 201)
            #expect(try await http(.POST, url + "/reply", json: #"{"result":"A","text":"补贴已全部发放到位，并在社区公示。"}"#, headers: housing).status == 200)
            try await deliver(.evaluationRecorded, to: supervision.baseURL, from: .evaluation, entity: id, sequence: 2, body: EvaluationRecordedBody(
                caseID: id, suggestion: "sg-1", round: 2, satisfaction: .satisfied, comment: "", ratedAt: Date()))
            #expect(try apiDecoder.decode(CaseDetail.self, from: Data(try await http(.GET, url, headers: housing).body.utf8)).record.status == .closed)

            let entry = try apiDecoder.decode(BoardEntry.self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/board/sg-1").body.utf8))
            #expect(entry.status == .closed && entry.coUnits == ["区财政局"])
            #expect(entry.timeline.filter { $0.unitName == "区住房和城市更新局" }.map(\.kind)
                    == ["assigned", "accepted", "contact", "replied", "rehandling", "contact", "replied", "closed"])
            let receipts = try await db.query("SELECT body FROM outbox WHERE type = 'CaseStatusChanged' AND destination = 'intake'")
            #expect(receipts.count == 8)

            // The same story as pages for phones, in Chinese.
            let page = try await http(.GET, supervision.baseURL + "/board")
            #expect(page.status == 200 && page.headers["Content-Type"].first == "text/html; charset=utf-8")
            #expect(page.body.contains("关于加装电梯补贴的建议") && page.body.contains("已办结") && page.body.contains("<td>区住房和城市更新局</td><td>1</td><td>1</td><td>0</td>"))
            #expect(!(try await http(.GET, supervision.baseURL + "/board?status=inProgress").body.contains("关于加装电梯补贴的建议")))
            let detail = try await http(.GET, supervision.baseURL + "/board/sg-1")
            #expect(detail.body.contains(#"<span id="board-status">已办结</span>"#) && detail.body.contains("代表测评满意，办结销号。"))
            #expect(try await http(.GET, supervision.baseURL + "/board/sg-none").status == 404)

            // A suggestion touching state secrets is handled like any other, and never published.
            let secret = try await Self.issue(supervision, db, assignment: "asg-s", unit: "gov-housing", deadline: "2026-05-11",
                                              issuedAt: Self.day("2026-02-10"), suggestion: "sg-secret", confidential: true)
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(secret)/accept", headers: housing).status == 200)
            #expect(try await http(.GET, supervision.baseURL + "/board/sg-secret").status == 404)
            #expect(!(try await http(.GET, supervision.baseURL + "/api/v1/board").body.contains("sg-secret")))
            #expect(!(try await http(.GET, supervision.baseURL + "/board").body.contains("涉密建议")))
        }
    }

    @Test("returning is possible within 5 working days only, counted across the Spring Festival", arguments: Backend.allCases)
    func returnWindow(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: Self.day("2026-02-13"))
        try await Self.withSupervision(backend, clock: clock) { supervision, db in
            // Issued Friday 02-13: the 5th working day is Friday 02-27 (02-14 is a make-up Saturday, 02-15..23 off).
            let id = try await Self.issue(supervision, db, assignment: "asg-r", unit: "gov-housing", deadline: "2026-05-13", issuedAt: Self.day("2026-02-13"))
            let housing = try await bearer(.unit, "clerk", unit: "gov-housing")
            let record = try apiDecoder.decode(CaseDetail.self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/cases/\(id)", headers: housing).body.utf8)).record
            #expect(record.returnUntil == "2026-02-27")
            clock.set(to: Self.day("2026-03-02"))
            let late = try await http(.POST, supervision.baseURL + "/api/v1/cases/\(id)/return", json: #"{"reason":"属于市级部门职责"}"#, headers: housing)
            #expect(late.status == 409 && late.body.contains("2026-02-27"))
            clock.set(to: Self.day("2026-02-27"))
            let inTime = try await http(.POST, supervision.baseURL + "/api/v1/cases/\(id)/return", json: #"{"reason":"属于市级部门职责"}"#, headers: housing)
            #expect(inTime.status == 200)
            #expect(try await db.queryFirst("SELECT destination FROM outbox WHERE type = 'AssignmentReturned'")?.string("destination") == "routing")
        }
    }

    @Test("reminders 15 and 3 days before, overdue the day after, each once; an overdue key suggestion is escalated", arguments: Backend.allCases)
    func deadlines(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: Self.day("2026-04-01"))
        try await Self.withSupervision(backend, clock: clock) { supervision, db in
            let id = try await Self.issue(supervision, db, assignment: "asg-d", unit: "gov-housing", deadline: "2026-05-11", issuedAt: Self.day("2026-02-10"))
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/suggestions/sg-1/key", json: #"{"supervisor":"王副主任","committee":"城建环资工委"}"#,
                                   headers: try await bearer(.districtStaff)).status == 200)
            func kinds() async throws -> [String] {
                try await db.query("SELECT kind FROM case_events WHERE case_id = \(id) ORDER BY position").map { try $0.string("kind") }
            }
            clock.set(to: Self.day("2026-04-27"))
            #expect(try await eventually { try await kinds().contains("remind15") })
            clock.set(to: Self.day("2026-05-08"))
            #expect(try await eventually { try await kinds().contains("remind3") })
            clock.set(to: Self.day("2026-05-12"))
            #expect(try await eventually { try await kinds().contains("overdue") })
            try await Task.sleep(for: .milliseconds(400)) // several more scans
            #expect(try await kinds() == ["assigned", "remind15", "remind3", "overdue", "escalated"])
            let entry = try apiDecoder.decode([BoardEntry].self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/board?overdue=true&key=true").body.utf8))
            #expect(entry.map(\.suggestion) == ["sg-1"])
            // Internal reminders stay off the public board.
            #expect(!entry[0].timeline.map(\.kind).contains("remind15"))
        }
    }

    @Test("co-units send their opinion to the lead case; B-class promises are tracked until done; staff urge and record meetings", arguments: Backend.allCases)
    func coUnitsPromisesOversight(backend: Backend) async throws {
        let clock = ServiceClock()
        clock.set(to: Self.day("2026-03-02"))
        try await Self.withSupervision(backend, clock: clock) { supervision, db in
            let lead = try await Self.issue(supervision, db, assignment: "asg-l", unit: "gov-housing", deadline: "2026-06-02", issuedAt: Self.day("2026-03-02"))
            let co = try await Self.issue(supervision, db, assignment: "asg-c", unit: "gov-finance", role: .coUnit, deadline: "2026-06-02", issuedAt: Self.day("2026-03-02"))
            let housing = try await bearer(.unit, "clerk", unit: "gov-housing")
            let finance = try await bearer(.unit, "clerk2", unit: "gov-finance")
            let staff = try await bearer(.districtStaff)

            let coCase = try apiDecoder.decode(CaseDetail.self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/cases/\(co)", headers: finance).body.utf8))
            // A co-unit's opinion is due a month after it received the assignment.
            #expect(coCase.record.deadline == "2026-04-02")
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(lead)/co-opinion", json: #"{"text":"主办单位不提交协办意见"}"#, headers: housing).status == 409)
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(co)/co-opinion", json: #"{"text":"区财政已安排专项资金 300 万元用于补贴。"}"#, headers: finance).status == 200)
            let leadCase = try apiDecoder.decode(CaseDetail.self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/cases/\(lead)", headers: housing).body.utf8))
            #expect(leadCase.coOpinions.map(\.unitName) == ["区财政局"] && leadCase.coOpinions[0].text.contains("300 万元"))

            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(lead)/urge", json: #"{"note":"请加快办理进度"}"#, headers: staff).status == 200)
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(lead)/urge", json: #"{"note":"请加快办理进度"}"#, headers: housing).status == 403)
            let meeting = try await http(.POST, supervision.baseURL + "/api/v1/meetings", json: """
                {"day":"2026-03-20","participants":["王副主任","区住房和城市更新局局长","dep-0001"],"cases":["\(lead)"],"decisions":"4 月底前完成补贴审核"}
                """, headers: staff)
            #expect(meeting.status == 201, "\(meeting.body)")

            _ = try await http(.POST, supervision.baseURL + "/api/v1/cases/\(lead)/accept", headers: housing)
            _ = try await http(.POST, supervision.baseURL + "/api/v1/cases/\(lead)/contacts", json: #"{"method":"座谈","day":"2026-03-25","summary":"座谈"}"#, headers: housing)
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(lead)/reply",
                                   json: #"{"result":"B","text":"补贴审核已启动，年内分批发放。","promise":{"what":"年内发放全部补贴","due":"2026-12-31"}}"#, headers: housing).status == 200)
            let open = try apiDecoder.decode([PromiseRecord].self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/promises", headers: staff).body.utf8))
            #expect(open.map(\.what) == ["年内发放全部补贴"] && !open[0].done)
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(lead)/promises/\(open[0].id)/done", json: #"{"note":"补贴已全部发放"}"#, headers: housing).status == 200)
            #expect(try await http(.POST, supervision.baseURL + "/api/v1/cases/\(lead)/promises/\(open[0].id)/done", json: #"{"note":"补贴已全部发放"}"#, headers: housing).status == 409)
            #expect(try apiDecoder.decode([PromiseRecord].self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/promises", headers: staff).body.utf8)).isEmpty)

            let entry = try apiDecoder.decode(BoardEntry.self, from: Data(try await http(.GET, supervision.baseURL + "/api/v1/board/sg-1").body.utf8))
            #expect(entry.timeline.map(\.kind) == ["assigned", "assigned", "coOpinion", "urged", "meeting", "accepted", "contact", "replied", "promiseDone"])
        }
    }
}
