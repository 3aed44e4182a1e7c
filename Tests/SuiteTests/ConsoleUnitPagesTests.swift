import AsyncHTTPClient
import ConsoleService
import Contracts
import Foundation
import IntakeService
import NIOCore
import RoutingService
import ServiceKit
import SupervisionService
import TestSupport
import Testing

/// A handling unit works its cases in the console, through pages only: its home lists what it
/// must do with each deadline in words; on a case it accepts, logs contact with the lead deputy
/// and replies, and every refusal from supervision stands beside the form that caused it.
@Suite("Console: the handling unit's pages")
struct ConsoleUnitPagesTests {
    struct Running {
        var intake: RunningService
        var routing: RunningService
        var supervision: RunningService
        var console: RunningService
        var consoleClock: ServiceClock
    }

    /// Intake, routing, supervision and the console on `backend`, each the others' peer.
    static func withServices(_ backend: Backend, supervisionSettings: [String: String] = [:], _ body: (Running) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var ports: [ServiceName: Int] = [:]
        for service in [ServiceName.intake, .routing, .supervision, .console] { ports[service] = try await reservePort() }
        func configuration(_ service: ServiceName, _ url: DatabaseURL) throws -> ServiceConfiguration {
            // The console's own address, so that a real browser keeps its sign-in cookie.
            try testConfiguration(service, database: url, port: ports[service]!, peers: ports.filter { $0.key != service }, folder: folder,
                                  extra: service == .console ? ["YOUYUE_PUBLIC_BASE_URL": "http://127.0.0.1:\(ports[.console]!)"]
                                      : service == .supervision ? supervisionSettings : [:])
        }
        try await withFreshDatabaseURL(backend) { intakeURL in
            try await withFreshDatabaseURL(backend) { routingURL in
                try await withFreshDatabaseURL(backend) { supervisionURL in
                    try await withFreshDatabaseURL(backend) { consoleURL in
                        let clock = ServiceClock()
                        let intake = try await startService(intakeService, configuration: configuration(.intake, intakeURL))
                        let routing = try await startService(routingService, configuration: configuration(.routing, routingURL))
                        let supervision = try await startService(supervisionService, configuration: configuration(.supervision, supervisionURL))
                        let console = try await startService(consoleService, configuration: configuration(.console, consoleURL), clock: clock)
                        let all = [intake, routing, supervision, console]
                        do {
                            try await body(Running(intake: intake, routing: routing, supervision: supervision, console: console, consoleClock: clock))
                        } catch {
                            for service in all { await service.stop() }
                            throw error
                        }
                        for service in all { await service.stop() }
                    }
                }
            }
        }
    }

    /// A citizen's opinion, made a suggestion, routed to the community (lead) and the housing
    /// bureau (co-unit) and issued: the two cases' ids, lead first.
    static func issueCases(_ running: Running) async throws -> (lead: String, co: String) {
        let admin = try await bearer(.admin)
        #expect(try await http(.POST, running.intake.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: admin).status == 200)
        #expect(try await http(.POST, running.routing.baseURL + "/api/v1/admin/routing-data", json: try sampleDistrictFile(), headers: admin).status == 200)
        let submitted = try await http(.POST, running.intake.baseURL + "/api/v1/opinions",
                                       json: #"{"station":"jh-minzu-office","category":"housingProperty","content":"如意社区3栋楼道灯坏了半年，物业一直不修"}"#)
        let opinion = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
        let deputy = try await bearer(.deputy, "dep-0001")
        let draft = try await http(.POST, running.intake.baseURL + "/api/v1/suggestions", json: """
            {"title":"关于督促物业维修如意社区楼道照明的建议","body":"如意社区多栋楼道灯长期损坏，物业迟迟不修，居民夜间出行不便，建议街道督促物业限期维修并建立报修台账。","category":"housingProperty","opinions":["\(opinion.id)"]}
            """, headers: deputy)
        let suggestion = try apiDecoder.decode(SuggestionView.self, from: Data(draft.body.utf8)).id
        #expect(try await http(.POST, running.intake.baseURL + "/api/v1/suggestions/\(suggestion)/submit", headers: deputy).status == 200)
        let streetStaff = try await bearer(.streetStaff, "staff-minzu", street: "minzu")
        #expect(try await eventually { try await http(.GET, running.routing.baseURL + "/api/v1/routings/\(suggestion)", headers: streetStaff).status == 200 })
        #expect(try await http(.POST, running.routing.baseURL + "/api/v1/routings/\(suggestion)/decision", json: #"{"leadUnit":"minzu-c01","coUnits":["gov-housing"]}"#,
                               headers: streetStaff).status == 200)
        #expect(try await http(.POST, running.routing.baseURL + "/api/v1/assignment-lists", json: #"{"title":"民族街道第一批","suggestions":["\#(suggestion)"]}"#,
                               headers: streetStaff).status == 201)
        let lead = try await firstCase(running, unit: "minzu-c01")
        let co = try await firstCase(running, unit: "gov-housing")
        return (lead.id, co.id)
    }

    static func firstCase(_ running: Running, unit: String) async throws -> CaseRecord {
        let headers = try await bearer(.unit, "clerk", unit: unit)
        var found: CaseRecord?
        _ = try await eventually(within: .seconds(20)) {
            found = try await caseRecords(running, headers).first
            return found != nil
        }
        return try #require(found, "no case for \(unit)")
    }

    static func caseRecords(_ running: Running, _ headers: [(String, String)]) async throws -> [CaseRecord] {
        try apiDecoder.decode([CaseRecord].self, from: Data(try await http(.GET, running.supervision.baseURL + "/api/v1/cases", headers: headers).body.utf8))
    }

    static func caseStatus(_ running: Running, _ id: String, unit: String) async throws -> CaseStatus {
        let answer = try await http(.GET, running.supervision.baseURL + "/api/v1/cases/\(id)", headers: try await bearer(.unit, "clerk", unit: unit))
        return try apiDecoder.decode(CaseDetail.self, from: Data(answer.body.utf8)).record.status
    }

    /// A unit account made by the admin, signed in with its own new password.
    static func signedInUnit(_ running: Running, login: String, unit: String, password: String? = nil) async throws -> (Browser, String) {
        let browser = Browser(running.console.baseURL)
        if let password {
            #expect(try await browser.signIn(login, password).location == "/")
            return (browser, password)
        }
        let made = try await http(.POST, running.console.baseURL + "/api/v1/accounts",
                                  json: #"{"login":"\#(login)","displayName":"办事员","role":"unit","district":"jianghan","unit":"\#(unit)"}"#,
                                  headers: try await bearerIn("*", .admin))
        #expect(made.status == 201, "\(made.body)")
        let oneTime = try apiDecoder.decode(AccountWithPassword.self, from: Data(made.body.utf8)).oneTimePassword
        #expect(try await browser.signIn(login, oneTime).location == "/password")
        let chosen = "江汉区承办单位-2026年"
        #expect(try await browser.submit("/password", to: "/password", [("current", oneTime), ("new", chosen), ("repeat", chosen)]).location == "/?changed=1")
        return (browser, chosen)
    }

    /// The text of the page's section with `id`, to check that a message stands beside its form.
    static func section(_ html: String, id: String) -> String {
        guard let start = html.range(of: #"<section id="\#(id)""#) else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</section>")?.upperBound ?? rest.endIndex)])
    }

    @Test("a unit's home lists its case with the deadline; it accepts, logs contact and replies through the pages, with supervision's refusals beside the forms",
          arguments: Backend.allCases)
    func unitHandlesItsCase(backend: Backend) async throws {
        try await Self.withServices(backend) { running in
            let (leadID, coID) = try await Self.issueCases(running)
            let lead = try await Self.firstCase(running, unit: "minzu-c01")
            let (browser, _) = try await Self.signedInUnit(running, login: "clerk.c01", unit: "minzu-c01")

            // The home is the to-do list: counts, the case, its deadline as a date and in words.
            let home = try await browser.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains("如意社区居民委员会 · 待办"))
            #expect(home.body.contains(#"<strong>1</strong>待接收"#))
            #expect(home.body.contains(#"<a class="case" href="/cases/\#(leadID)">关于督促物业维修如意社区楼道照明的建议</a>"#))
            let deadline = try #require(CivilDay(lead.deadline))
            #expect(home.body.contains(#"答复期限 <time datetime="\#(lead.deadline)">\#(deadline.year)年\#(deadline.month)月\#(deadline.day)日</time>"#))
            #expect(home.body.range(of: #"还剩 \d+ 个工作日"#, options: .regularExpression) != nil)
            #expect(!home.body.contains(coID), "another unit's case is not listed")

            // The case: the suggestion's text, the return window, the accept form.
            let page = try await browser.get("/cases/\(leadID)")
            #expect(page.status == 200)
            #expect(page.body.contains("建议街道督促物业限期维修并建立报修台账"))
            #expect(page.body.contains(#"<section id="accept-form""#) && page.body.contains(#"<section id="return-form""#))
            let returnUntil = try #require(CivilDay(lead.returnUntil))
            #expect(Self.section(page.body, id: "return-form").contains("可在 <time datetime=\"\(lead.returnUntil)\">\(returnUntil.year)年\(returnUntil.month)月\(returnUntil.day)日</time> 前退回"))

            // Accept: back to the case, which says what changed; supervision has it accepted.
            let accepted = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/accept", [])
            #expect(accepted.status == 303 && accepted.location == "/cases/\(leadID)?done=accept#notice")
            let afterAccept = try await browser.get("/cases/\(leadID)?done=accept")
            #expect(afterAccept.body.contains("已接收这件交办，可以开始办理。当前状态：已接收。"))
            #expect(try await Self.caseStatus(running, leadID, unit: "minzu-c01") == .accepted)
            #expect(!afterAccept.body.contains(#"<section id="accept-form""#))

            // The reply form says a contact comes first; a reply before it is refused beside the form.
            let replyForm = Self.section(afterAccept.body, id: "reply-form")
            #expect(replyForm.contains("答复前须先与领衔代表沟通"))
            let early = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/reply",
                                                 [("result", "A"), ("text", "已督促物业更换全部楼道灯并建立报修台账。")])
            #expect(early.status == 409)
            #expect(Self.section(early.body, id: "reply-form").contains("答复前须先与领衔代表沟通并登记沟通情况。"))
            #expect(early.body.contains("已督促物业更换全部楼道灯并建立报修台账。"), "what was typed stays")

            // A contact with a summary too short is refused beside its field; a good one is logged.
            let short = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/contact", [("method", "当面"), ("day", "2026-11-27"), ("summary", "看")])
            #expect(short.status == 422)
            #expect(Self.section(short.body, id: "contact-form").contains(#"<p class="field-error" id="contact-summary-error">沟通情况须为 2 到 2000 字。</p>"#))
            let contact = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/contact",
                                                   [("method", "当面"), ("day", "2026-11-27"), ("summary", "与代表一起查看楼道")])
            #expect(contact.status == 303)
            let afterContact = try await browser.get("/cases/\(leadID)?done=contact")
            #expect(afterContact.body.contains("与领衔代表的沟通已登记。"))
            #expect(Self.section(afterContact.body, id: "contact-form").contains("与代表一起查看楼道"))
            #expect(Self.section(afterContact.body, id: "reply-form").contains("本轮已登记沟通，可以答复"))

            // A progress note kept off the public board: on the case's steps, marked so.
            let progress = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/progress", [("note", "已约物业公司现场核实楼道灯损坏情况")])
            #expect(progress.status == 303)
            let afterProgress = try await browser.get("/cases/\(leadID)?done=progress")
            #expect(afterProgress.body.contains("办理进展已记录。当前状态：办理中。"))
            #expect(afterProgress.body.contains(#"已约物业公司现场核实楼道灯损坏情况 <span class="tag">不公开</span>"#))

            // B without a promise: supervision's reason beside the promise field; with one, replied.
            let noPromise = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/reply",
                                                     [("result", "B"), ("text", "已列入明年老旧小区改造计划，先行更换损坏灯具。"), ("promiseWhat", ""), ("promiseDue", "")])
            #expect(noPromise.status == 422)
            #expect(Self.section(noPromise.body, id: "reply-form").contains(#"id="reply-promise-what-error">B 类答复须写明承诺解决的事项和完成日期"#))
            let replied = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/reply",
                                                   [("result", "B"), ("text", "已列入明年老旧小区改造计划，先行更换损坏灯具。"),
                                                    ("promiseWhat", "完成3栋楼道照明改造"), ("promiseDue", "2099-06-30")])
            #expect(replied.status == 303, "\(replied.body)")
            #expect(try await Self.caseStatus(running, leadID, unit: "minzu-c01") == .replied)
            let afterReply = try await browser.get("/cases/\(leadID)?done=reply")
            #expect(afterReply.body.contains("答复已提交，等待领衔代表测评。当前状态：已答复。"))
            #expect(afterReply.body.contains("B 类：正在解决或列入计划解决") && afterReply.body.contains("完成3栋楼道照明改造（2099年6月30日前完成）"))
            #expect(!afterReply.body.contains(#"<section id="reply-form""#))

            // The promise, once kept, is reported: an empty report is refused beside it.
            let promise = try #require(hiddenField(afterReply.body, named: "promise"))
            let empty = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/promise-done", [("promise", promise), ("note", "")])
            #expect(empty.status == 422)
            #expect(empty.body.contains(#"<p class="field-error" id="promise-note-\#(promise)-error">完成情况须为 2 到 2000 字。</p>"#))
            let kept = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/promise-done", [("promise", promise), ("note", "3栋楼道照明已全部改造完成")])
            #expect(kept.status == 303)
            let afterKept = try await browser.get("/cases/\(leadID)?done=promise-done")
            #expect(afterKept.body.contains("承诺事项的落实情况已报告。") && afterKept.body.contains("已落实：3栋楼道照明已全部改造完成"))
            #expect(!afterKept.body.contains(#"name="promise""#))
            // The home no longer lists it as to do; the replied list does.
            #expect(try await browser.get("/").body.contains("目前没有需要办理的交办。"))
            #expect(try await browser.get("/?show=done").body.contains("/cases/\(leadID)"))

            // Another unit's case: a clear page, not a 500.
            let other = try await browser.get("/cases/\(coID)")
            #expect(other.status == 404)
            #expect(other.body.contains("没有找到这件交办"))
        }
    }

    @Test("the return form is offered only inside the window, which it shows; a co-unit gives its opinion; supervision down is a 503 page in Chinese",
          arguments: Backend.allCases)
    func returnWindowCoOpinionAndOutage(backend: Backend) async throws {
        try await Self.withServices(backend) { running in
            let (leadID, coID) = try await Self.issueCases(running)
            let (browser, password) = try await Self.signedInUnit(running, login: "clerk.housing", unit: "gov-housing")
            let page = try await browser.get("/cases/\(coID)")
            #expect(page.body.contains(#"<section id="return-form""#) && page.body.contains(#"<section id="co-opinion-form""#))
            #expect(!page.body.contains(#"<section id="reply-form""#), "a co-unit does not reply to the deputy")
            #expect(page.body.contains("协办意见期限"))

            // Ten days on, the 5 working days have passed: no return form, only until when it was open.
            running.consoleClock.advance(by: 10 * 86_400)
            let (later, _) = try await Self.signedInUnit(running, login: "clerk.housing", unit: "gov-housing", password: password)
            let closed = try await later.get("/cases/\(coID)")
            #expect(!closed.body.contains(#"<section id="return-form""#))
            #expect(closed.body.contains(#"<p class="meta" id="return-closed">退回期限已于"#))

            // The co-unit's opinion: a too-short one is refused beside its field, then it is sent.
            let short = try await later.submit("/cases/\(coID)", to: "/cases/\(coID)/co-opinion", [("text", "同意")])
            #expect(short.status == 422 && Self.section(short.body, id: "co-opinion-form").contains(#"id="co-text-error">协办意见须为 10 到 10000 字。"#))
            let sent = try await later.submit("/cases/\(coID)", to: "/cases/\(coID)/co-opinion",
                                              [("text", "区住房局将指导物业服务企业落实楼道照明维修责任，并纳入年度考核。")])
            #expect(sent.status == 303)
            #expect(try await later.get("/cases/\(coID)?done=co-opinion").body.contains("书面协办意见已提交主办单位。"))

            // The lead unit sees it on its case.
            let (leadBrowser, _) = try await Self.signedInUnit(running, login: "clerk.c01", unit: "minzu-c01")
            let leadPage = try await leadBrowser.get("/cases/\(leadID)")
            #expect(leadPage.body.contains("协办单位意见") && leadPage.body.contains("纳入年度考核"))

            // Supervision down: a 503 page in Chinese, never a 500 (each call waits out the caller's 10 s timeout).
            await running.supervision.stop()
            let down = try await leadBrowser.get("/")
            #expect(down.status == 503)
            #expect(down.body.contains("督办系统暂时无法访问"))
            let post = try await leadBrowser.post("/cases/\(leadID)/accept", [("csrf", hiddenField(leadPage.body, named: "csrf") ?? "")])
            #expect(post.status == 503)
        }
    }

    @Test("where supervision does not require a contact first, the reply form does not say so and a reply goes through without one")
    func replyWithoutContactRule() async throws {
        try await Self.withServices(.sqlite, supervisionSettings: ["YOUYUE_REPLY_REQUIRES_CONTACT": "false"]) { running in
            let (leadID, _) = try await Self.issueCases(running)
            let (browser, _) = try await Self.signedInUnit(running, login: "clerk.c01", unit: "minzu-c01")
            #expect(try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/accept", []).status == 303)
            let page = try await browser.get("/cases/\(leadID)")
            #expect(Self.section(page.body, id: "reply-form").contains("答复类别"))
            #expect(!page.body.contains("答复前须"))
            let replied = try await browser.submit("/cases/\(leadID)", to: "/cases/\(leadID)/reply",
                                                   [("result", "C"), ("text", "该路段改造涉及市级规划，本年度暂无法实施，已向代表说明。")])
            #expect(replied.status == 303)
            #expect(try await Self.caseStatus(running, leadID, unit: "minzu-c01") == .replied)
        }
    }

    struct BrowserResult: Decodable {
        let screenshots: [String]
    }

    @Test("on a phone in Chromium: the unit's home and case pages fit 390 px, pass axe, and keep each refusal in view beside its form")
    func phoneBrowser() async throws {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: "/usr/bin/chromium"), files.isExecutableFile(atPath: "/usr/bin/chromedriver"),
              (try? await runProcess("/usr/bin/env", ["python3", "-c", "import selenium, selenium_axe_python"]).status) == 0 else {
            try skipOrFail("Chromium skipped: needs chromium, chromium-driver, selenium and selenium-axe-python (bash scripts/browser/install.sh)")
        }
        try await Self.withServices(.sqlite) { running in
            let (leadID, _) = try await Self.issueCases(running)
            let (_, password) = try await Self.signedInUnit(running, login: "clerk.c01", unit: "minzu-c01")
            let screenshots = try temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: screenshots) }
            let (status, output, errors) = try await runBrowserCheck("console_unit_pages.py", [
                "--base-url", running.console.baseURL, "--login", "clerk.c01", "--password", password, "--case", leadID, "--screenshots", screenshots,
            ])
            // YOUYUE_KEEP_SCREENSHOTS keeps a copy to look at.
            if let keep = ProcessInfo.processInfo.environment["YOUYUE_KEEP_SCREENSHOTS"] {
                try? FileManager.default.removeItem(atPath: keep)
                try? FileManager.default.copyItem(atPath: screenshots, toPath: keep)
            }
            #expect(status == 0, "console_unit_pages.py failed:\n\(errors)")
            if status == 0, let line = output.split(separator: "\n").last {
                #expect(try JSONDecoder().decode(BrowserResult.self, from: Data(line.utf8)).screenshots.count == 8)
                #expect(try await Self.caseStatus(running, leadID, unit: "minzu-c01") == .replied)
            }
        }
    }
}
