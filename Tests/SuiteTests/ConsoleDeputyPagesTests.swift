import AsyncHTTPClient
import ConsoleService
import Contracts
import Foundation
import IntakeService
import NIOCore
import ServiceKit
import TestSupport
import Testing

/// The deputy's pages in the console, against a real intake: the console shows only what intake
/// lets the signed-in deputy see, sends their triage and recordings to intake as them, and says in
/// Chinese when intake refuses or does not answer.
@Suite("Console: the deputy's pages", .timeLimit(.minutes(5)))
struct ConsoleDeputyPagesTests {
    static let lamp = "梅园街路灯坏了三个月，晚上出行很不安全"
    static let smell = "花楼街垃圾站异味很重，夏天更严重"

    @Test("a deputy sees their station's opinion on the home page, finds it by a Chinese word, resolves it on the spot and records one heard at a reception; another station's opinion stays hidden",
          arguments: Backend.allCases)
    func deputyWorksTheirStation(backend: Backend) async throws {
        try await Self.withIntakeAndConsole(backend) { intake, console in
            let own = try await Self.submitOpinion(intake, station: "jh-minzu-office", content: Self.lamp)
            let other = try await Self.submitOpinion(intake, station: "jh-hualou-office", content: Self.smell)
            let browser = try await Self.signedInDeputy(console)

            let home = try await browser.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains("高涵竹代表，您好") && home.body.contains("民族街道人大代表工作室"))
            #expect(home.body.contains(#"href="/opinions/\#(own)""#) && home.body.contains(Self.lamp))
            #expect(home.body.contains(#"<strong id="pending-count">1</strong>"#))
            #expect(home.body.contains("今天收到"))
            #expect(!home.body.contains(Self.smell) && !home.body.contains(other))

            let found = try await browser.get("/ledger?q=" + "路灯".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(found.status == 200)
            #expect(found.body.contains(#"href="/opinions/\#(own)""#))
            let foreign = try await browser.get("/ledger?q=" + "垃圾站".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(foreign.status == 200 && foreign.body.contains("没有符合条件的意见") && !foreign.body.contains(other))
            let badDay = try await browser.get("/ledger?from=2026-1")
            #expect(badDay.status == 422 && badDay.body.contains(#"id="from-error""#), "a bad date is told beside its field")

            let hidden = try await browser.get("/opinions/\(other)")
            #expect(hidden.status == 404, "intake's 404 becomes a page, not a 500")
            #expect(hidden.body.contains("没有找到") && !hidden.body.contains(Self.smell))

            let emptyNote = try await browser.submit("/opinions/\(own)", to: "/opinions/\(own)/triage", [("action", "resolve"), ("note", "")])
            #expect(emptyNote.status == 422 && emptyNote.body.contains(#"id="resolve-error""#) && emptyNote.body.contains("请说明现场是如何解决的"))

            let resolved = try await browser.submit("/opinions/\(own)", to: "/opinions/\(own)/triage",
                                                    [("action", "resolve"), ("note", "已联系社区，当天修好了路灯")])
            #expect(resolved.status == 303 && resolved.location == "/opinions/\(own)?done=resolve")
            let after = try await browser.get(resolved.location ?? "")
            #expect(after.status == 200 && after.body.contains("已记为现场解决") && after.body.contains(#"<strong id="opinion-status">已现场解决</strong>"#))
            #expect(after.body.contains("已现场解决：已联系社区，当天修好了路灯"), "the timeline shows the step")
            let inIntake = try await http(.GET, intake.baseURL + "/api/v1/opinions/\(own)", headers: try await bearer(.deputy, "dep-0001"))
            #expect(inIntake.status == 200 && inIntake.body.contains(#""status":"resolvedOnSpot""#))
            let again = try await browser.post("/opinions/\(own)/triage", [("csrf", hiddenField(home.body, named: "csrf") ?? ""), ("action", "explain"), ("note", "再说明一次")])
            #expect(again.status == 409 && again.body.contains("已经处理过"), "intake's refusal is shown on the page")

            let tooShort = try await browser.submit("/opinions/new", to: "/opinions/new", [
                ("station", "jh-minzu-office"), ("channel", "reception"), ("category", "transport"), ("content", "公交"),
            ])
            #expect(tooShort.status == 422 && tooShort.body.contains(#"id="content-error""#) && tooShort.body.contains("请至少写 5 个字"))
            #expect(tooShort.body.contains("公交</textarea>"), "what was typed stays")
            let recorded = try await browser.submit("/opinions/new", to: "/opinions/new", [
                ("station", "jh-minzu-office"), ("channel", "reception"), ("category", "transport"), ("content", "接待时居民反映公交站台没有遮雨棚"),
                ("place", "梅园街公交站"), ("contact", ""),
            ])
            #expect(recorded.status == 303 && (recorded.location ?? "").contains("done=recorded"), "\(recorded.body)")
            let recordedPage = try await browser.get(recorded.location ?? "")
            #expect(recordedPage.status == 200 && recordedPage.body.contains("接待时居民反映公交站台没有遮雨棚") && recordedPage.body.contains("代表接待"))
            #expect(recordedPage.body.contains("意见已登记") && recordedPage.body.contains("回执码"))
            let ledger = try await browser.get("/ledger?channel=reception")
            #expect(ledger.body.contains("接待时居民反映公交站台没有遮雨棚") && !ledger.body.contains(Self.lamp))
            let elsewhere = try await browser.submit("/opinions/new", to: "/opinions/new", [
                ("station", "jh-hualou-office"), ("channel", "visit"), ("category", "transport"), ("content", "走访时居民反映花楼街停车难"),
            ])
            #expect(elsewhere.status == 403 && elsewhere.body.contains("代表只能在本人所在的站点登记意见"))
        }
    }

    @Test("a deputy drafts a suggestion from a chosen opinion inviting a co-signer, attaches a later opinion to the draft, the co-signer confirms it on their own page, then the lead submits it",
          arguments: Backend.allCases)
    func draftConfirmSubmit(backend: Backend) async throws {
        try await Self.withIntakeAndConsole(backend) { intake, console in
            let own = try await Self.submitOpinion(intake, station: "jh-minzu-office", content: Self.lamp)
            let lead = try await Self.signedInDeputy(console)
            let fields = [("title", "关于梅园街路灯维修的建议"), ("category", "urbanConstruction"), ("coSigners", "dep-0002"), ("opinions[]", own)]

            let tooShort = try await lead.submit("/suggestions/new", to: "/suggestions/new", fields + [("body", "请修路灯")])
            #expect(tooShort.status == 422 && tooShort.body.contains(#"id="body-error""#) && tooShort.body.contains("建议内容须为 20 到 10000 字"))
            #expect(tooShort.body.contains(#"value="\#(own)" checked"#), "the chosen opinion stays chosen")

            let drafted = try await lead.submit("/suggestions/new", to: "/suggestions/new", fields + [
                ("body", "梅园街多处路灯损坏已三个月，居民夜间出行存在安全隐患。建议街道督促相关部门限期修复，并建立路灯巡查报修机制。"),
            ])
            #expect(drafted.status == 303 && (drafted.location ?? "").hasSuffix("?done=drafted"), "\(drafted.body)")
            let page = try await lead.get(drafted.location ?? "")
            #expect(page.status == 200 && page.body.contains("草稿已保存") && page.body.contains("关于梅园街路灯维修的建议"))
            #expect(page.body.contains("高涵竹（dep-0001）") && page.body.contains("尚未确认") && page.body.contains(#"href="/opinions/\#(own)""#))
            let path = String((drafted.location ?? "").split(separator: "?")[0])
            let early = try await lead.post(path + "/submit", [("csrf", hiddenField(page.body, named: "csrf") ?? "")])
            #expect(early.status == 409 && early.body.contains("以下附议代表尚未确认：dep-0002"), "intake's reason is shown")

            let id = path.split(separator: "/").last.map(String.init) ?? ""
            let later = try await Self.submitOpinion(intake, station: "jh-minzu-office", content: "梅园街东段的路灯也不亮了，晚上一片漆黑")
            let laterPage = try await lead.get("/opinions/\(later)")
            #expect(laterPage.body.contains(#"name="suggestion" value="\#(id)""#) && laterPage.body.contains("关于梅园街路灯维修的建议"), "the draft is offered to attach to")
            let attached = try await lead.submit("/opinions/\(later)", to: "/opinions/\(later)/triage", [("action", "attach"), ("suggestion", id)])
            #expect(attached.status == 303 && attached.location == "/opinions/\(later)?done=attach")
            #expect(try await lead.get(attached.location ?? "").body.contains(#"<strong id="opinion-status">已写入代表建议</strong>"#))

            let password = try await Self.addAccount(console, #"{"login":"co.deputy","displayName":"附议代表","role":"deputy","district":"jianghan","deputy":"dep-0002"}"#)
            let coSigner = Browser(console.baseURL)
            try await coSigner.changeFirstPassword("co.deputy", password)
            let coHome = try await coSigner.get("/")
            #expect(coHome.body.contains(#"<strong id="confirm-count">1</strong>"#) && coHome.body.contains(#"href="\#(path)""#), "the co-signer's to-do list asks them")
            let list = try await coSigner.get("/suggestions")
            #expect(list.body.contains(#"href="\#(path)""#) && list.body.contains("待您附议"))
            let confirmed = try await coSigner.submit(path, to: path + "/confirm", [])
            #expect(confirmed.status == 303 && confirmed.location == path + "?done=confirmed")
            #expect(try await coSigner.get(confirmed.location ?? "").body.contains("您已确认附议"))

            let submitted = try await lead.submit(path, to: path + "/submit", [])
            #expect(submitted.status == 303 && submitted.location == path + "?done=submitted")
            let after = try await lead.get(submitted.location ?? "")
            #expect(after.body.contains(#"<strong id="suggestion-status">已提交，等待交办</strong>"#))
            #expect(after.body.contains("办理情况暂时无法获取"), "without supervision the page says the handling cannot be had now")
            let inIntake = try await http(.GET, intake.baseURL + "/api/v1/suggestions/\(id)", headers: try await bearer(.deputy, "dep-0001"))
            #expect(inIntake.body.contains(#""status":"submitted""#) && inIntake.body.contains(own) && inIntake.body.contains(later))
        }
    }

    @Test("the deputy's home lists their suggestions in handling, nearest reply deadline first, as a date and in words; the suggestion's page shows each unit's case",
          arguments: Backend.allCases)
    func handlingDeadlines(backend: Backend) async throws {
        try await Self.withServices(backend, [.intake, .console, .supervision]) { running in
            let today = CivilDay(Date())
            for (number, (days, unit)) in [(20, "区住房和城市更新局"), (-2, "区城市管理执法局")].enumerated() {
                let deadline = today.adding(days: days)
                try await deliver(.assignmentIssued, to: running[.supervision]!.baseURL, from: .routing, entity: "asg-\(number)", body: AssignmentIssuedBody(
                    assignment: "asg-\(number)", list: "list-1", suggestion: "sg-\(number)", title: "建议\(number)：梅园街路灯维修", body: "路灯长期损坏。",
                    category: "urbanConstruction", street: "minzu", tier: .district, unit: "unit-\(number)", unitName: unit, role: .lead,
                    leadUnit: "unit-\(number)", coUnits: [], leadDeputy: "dep-0001", coSigners: [], complex: false,
                    deadline: deadline.description, issuedAt: Date()))
            }
            let browser = try await Self.signedInDeputy(running[.console]!)
            let home = try await browser.get("/")
            #expect(home.status == 200)
            let overdue = try #require(home.body.range(of: "区城市管理执法局（主办）"))
            let upcoming = try #require(home.body.range(of: "区住房和城市更新局（主办）"))
            #expect(overdue.lowerBound < upcoming.lowerBound, "the nearest deadline comes first")
            #expect(home.body.contains("已超期 2 天") && home.body.contains(#"<span class="tag overdue">已超期 2 天</span>"#))
            let inTwenty = today.adding(days: 20)
            #expect(home.body.contains("答复期限 \(inTwenty.year)年\(inTwenty.month)月\(inTwenty.day)日"))
            #expect(home.body.contains(#"<span class="tag waiting">还剩 "#) && home.body.contains(" 个工作日</span>"))
            #expect(home.body.contains(#"href="/suggestions/sg-0""#))

            await running[.supervision]!.stop()
            let without = try await browser.get("/")
            #expect(without.status == 200 && without.body.contains("办理情况暂时无法获取"), "the rest of the home still shows without supervision")
        }
    }

    @Test("with intake down, the deputy's pages say so in Chinese with a 503, never a 500; the home still greets them and lets them sign out")
    func intakeDown() async throws {
        try await Self.withIntakeAndConsole(.sqlite) { intake, console in
            let browser = try await Self.signedInDeputy(console)
            await intake.stop()
            // Each call waits for the HTTP client to give up on the refused connection (about 10 s).
            let home = try await browser.get("/")
            #expect(home.status == 200 && home.body.contains("高涵竹代表，您好") && home.body.contains("待办事项暂时无法获取"))
            #expect(home.body.contains(#"action="/logout""#))
            let ledger = try await browser.get("/ledger")
            #expect(ledger.status == 503 && ledger.body.contains("暂时无法打开") && ledger.body.contains("请稍后再试"))
        }
    }

    @Test("the deputy's pages are for deputies: others are told so")
    func othersAreTurnedAway() async throws {
        try await Self.withIntakeAndConsole(.sqlite) { _, console in
            let password = try await Self.addAccount(console, #"{"login":"minzu.staff","displayName":"民族街道工委","role":"streetStaff","district":"jianghan","street":"minzu"}"#)
            let browser = Browser(console.baseURL)
            try await browser.changeFirstPassword("minzu.staff", password)
            let ledger = try await browser.get("/ledger")
            #expect(ledger.status == 403 && ledger.body.contains("这个页面供人大代表使用"))
            #expect(try await browser.get("/").body.contains("街道工作人员"), "their home stays as it was")
        }
    }

    @Test("on a phone in Chromium: the deputy's home, triage, ledger search and recording fit the screen and pass axe; an error stands in view beside its field")
    func phoneBrowser() async throws {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: "/usr/bin/chromium"), files.isExecutableFile(atPath: "/usr/bin/chromedriver"),
              (try? await runProcess("/usr/bin/env", ["python3", "-c", "import selenium, selenium_axe_python"]).status) == 0 else {
            try skipOrFail("Chromium skipped: needs chromium, chromium-driver, selenium and selenium-axe-python (bash scripts/browser/install.sh)")
        }
        try await Self.withIntakeAndConsole(.sqlite) { intake, console in
            let own = try await Self.submitOpinion(intake, station: "jh-minzu-office", content: Self.lamp)
            let password = try await Self.addAccount(console, #"{"login":"gao.deputy","displayName":"高涵竹","role":"deputy","district":"jianghan","deputy":"dep-0001"}"#)
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let (status, output, errors) = try await runBrowserCheck("console_deputy.py", [
                "--base-url", console.baseURL, "--login", "gao.deputy", "--password", password, "--opinion", own, "--search", "路灯",
                "--screenshots", folder,
            ])
            if let keep = ProcessInfo.processInfo.environment["YOUYUE_KEEP_SCREENSHOTS"] {
                try? FileManager.default.removeItem(atPath: keep)
                try? FileManager.default.copyItem(atPath: folder, toPath: keep)
            }
            #expect(status == 0, "console_deputy.py failed:\n\(errors)")
            // What the browser did is what intake keeps.
            let resolved = try await http(.GET, intake.baseURL + "/api/v1/opinions/\(own)", headers: try await bearer(.deputy, "dep-0001"))
            #expect(resolved.body.contains(#""status":"resolvedOnSpot""#))
            if status == 0, let line = output.split(separator: "\n").last,
               let recorded = (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["recorded"] as? String {
                let opinion = try await http(.GET, intake.baseURL + "/api/v1/opinions/\(recorded)", headers: try await bearer(.deputy, "dep-0001"))
                #expect(opinion.status == 200 && opinion.body.contains(#""channel":"reception""#))
            }
        }
    }

    // MARK: - Harness

    /// Intake (with the sample district) and the console, on fresh databases of `backend`, each
    /// the other's peer.
    static func withIntakeAndConsole(_ backend: Backend, _ body: (RunningService, RunningService) async throws -> Void) async throws {
        try await withServices(backend, [.intake, .console]) { running in try await body(running[.intake]!, running[.console]!) }
    }

    /// `services` (intake loaded with the sample district) on fresh databases of `backend`, each
    /// the others' peer.
    static func withServices(_ backend: Backend, _ services: [ServiceName], _ body: ([ServiceName: RunningService]) async throws -> Void) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var ports: [ServiceName: Int] = [:]
        for service in services { ports[service] = try await reservePort() }
        try await DemoStoryTests().withDatabases(backend, count: services.count) { urls in
            var running: [ServiceName: RunningService] = [:]
            func stopAll() async { for service in running.values { await service.stop() } }
            do {
                for (service, url) in zip(services, urls) {
                    // The console's own address, so that a real browser keeps its sign-in cookie.
                    running[service] = try await startService(DemoStoryTests.definitions[service]!, configuration: testConfiguration(
                        service, database: url, port: ports[service]!, peers: ports.filter { $0.key != service }, folder: folder,
                        extra: service == .console ? ["YOUYUE_PUBLIC_BASE_URL": "http://127.0.0.1:\(ports[.console]!)"] : [:]))
                }
                let loaded = try await http(.POST, running[.intake]!.baseURL + "/api/v1/admin/reference-data", json: try sampleDistrictFile(), headers: try await bearer(.admin))
                #expect(loaded.status == 200)
                try await body(running)
            } catch {
                await stopAll()
                throw error
            }
            await stopAll()
        }
    }

    /// A citizen's opinion at `station`; its id.
    static func submitOpinion(_ intake: RunningService, station: String, content: String) async throws -> String {
        let answer = try await http(.POST, intake.baseURL + "/api/v1/opinions", json: """
            {"station":"\(station)","category":"urbanConstruction","content":"\(content)"}
            """, headers: [("Idempotency-Key", makeID(prefix: "k"))])
        #expect(answer.status == 201, "\(answer.body)")
        let accepted = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return accepted?["id"] as? String ?? ""
    }

    static func addAccount(_ console: RunningService, _ json: String) async throws -> String {
        let answer = try await http(.POST, console.baseURL + "/api/v1/accounts", json: json, headers: try await bearer(.admin, "jh-admin"))
        #expect(answer.status == 201, "\(answer.body)")
        return (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["oneTimePassword"] as? String ?? ""
    }

    /// dep-0001 (高涵竹, 民族街道人大代表工作室), signed in with their own password.
    static func signedInDeputy(_ console: RunningService) async throws -> Browser {
        let password = try await addAccount(console, #"{"login":"gao.deputy","displayName":"高涵竹","role":"deputy","district":"jianghan","deputy":"dep-0001"}"#)
        let browser = Browser(console.baseURL)
        try await browser.changeFirstPassword("gao.deputy", password)
        return browser
    }
}

extension Browser {
    /// Signs in with a one-time password and sets a password of one's own.
    func changeFirstPassword(_ login: String, _ password: String) async throws {
        let signedIn = try await submit("/login", to: "/login", [("login", login), ("password", password)])
        #expect(signedIn.location == "/password")
        let changed = try await submit("/password", to: "/password", [("current", password), ("new", "Deputy-Pages-2026!"), ("repeat", "Deputy-Pages-2026!")])
        #expect(changed.location == "/?changed=1")
    }
}
