import Contracts
import Foundation
import Hummingbird
import IntakeService
import ServiceKit
import Synchronization
import TestSupport
import Testing

/// The citizen's way in and the station page a QR code opens: the home page with its station
/// directory and receipt lookup, links to the other services' public pages, and a station page
/// that answers from intake alone.
@Suite("Citizen home and station pages")
struct CitizenHomeTests {
    static let publicURLs = ["YOUYUE_SUPERVISION_PUBLIC_URL": "https://board.example", "YOUYUE_EVALUATION_PUBLIC_URL": "https://eval.example/"]

    /// A stand-in for evaluation that counts its calls and answers none of them in time.
    final class Calls: Sendable {
        let count = Atomic<Int>(0)
    }

    static func slowEvaluation(_ calls: Calls) -> ServiceDefinition {
        ServiceDefinition(name: .evaluation, migrations: MigrationSet(scope: "fake", []), routes: { router, _ in
            router.get("api/v1/performance") { _, _ in
                calls.count.add(1, ordering: .relaxed)
                try await Task.sleep(for: .seconds(3))
                return Response(status: .ok)
            }
        })
    }

    @Test("the station page never waits on evaluation, shows no scores, and opens with a 我要反映 button to the form")
    func stationPageStandsAlone() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let calls = Calls()
        let evaluation = try await startService(Self.slowEvaluation(calls), configuration: testConfiguration(
            .evaluation, database: .sqlite(path: folder + "/fake.sqlite"), folder: folder))
        do {
            try await IntakeAPITests.withSeededIntake(.sqlite, extra: ["YOUYUE_EVALUATION_URL": evaluation.baseURL]) { intake, _ in
                let page = try await http(.GET, intake.baseURL + "/s/\(PageTests.station)")
                #expect(page.status == 200 && page.body.contains("驻站代表"))
                // Evaluation takes 3 s to answer; the page used to wait 800 ms for it. Now it never
                // asks (how fast the page is belongs in a benchmark, not here).
                #expect(calls.count.load(ordering: .relaxed) == 0)
                #expect(!page.body.contains("履职评价") && !page.body.contains(" 分</a>"))
                // The button comes before the deputies and jumps to the form's section.
                let button = try #require(page.body.range(of: ##"<a class="button" id="jump-to-form" href="#opinion">我要反映</a>"##))
                let deputies = try #require(page.body.range(of: #"<section id="deputies">"#))
                #expect(button.lowerBound < deputies.lowerBound)
                let form = try #require(page.body.range(of: #"<section id="opinion">"#))
                #expect(page.body[form.lowerBound...].contains(#"<form id="opinion-form""#))
            }
        } catch {
            await evaluation.stop()
            throw error
        }
        await evaluation.stop()
    }

    @Test("the home page lists stations by street, searches them on the server, looks up receipts and links to the public pages",
          arguments: Backend.allCases)
    func homePage(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend, extra: Self.publicURLs) { intake, _ in
            let home = try await http(.GET, intake.baseURL + "/")
            #expect(home.status == 200)
            #expect(home.headers["Content-Type"].first == "text/html; charset=utf-8")
            #expect(home.body.contains(#"<html lang="zh-CN">"#) && home.body.contains(#"name="viewport" content="width=device-width"#))
            #expect(home.body.contains(#"<header class="site"><a href="/">代表有约</a></header>"#))
            // Every street with its stations, each linking to its station page.
            #expect(home.body.contains("<summary>民族街道（") && home.body.contains("<summary>花楼街道（"))
            #expect(home.body.contains(#"href="/s/jh-minzu-office"><strong>民族街道人大代表工作室</strong>"#))
            #expect(home.body.components(separatedBy: #"class="station-link""#).count - 1 == 138)
            // The receipt form and the other services' pages, at their public addresses.
            #expect(home.body.contains(#"<form id="receipt-form" method="get" action="/r">"#) && home.body.contains(#"name="code""#))
            #expect(home.body.contains(#"id="link-board" href="https://board.example/board""#))
            #expect(home.body.contains(#"id="link-results" href="https://eval.example/results""#))
            #expect(home.body.contains(#"id="link-performance" href="https://eval.example/performance""#))
            #expect(home.body.contains(#"id="link-shared" href="https://eval.example/shared""#))

            // By street, by community, by station name; nothing found says so.
            let hualou = try await http(.GET, intake.baseURL + "/?q=" + "花楼".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(hualou.status == 200 && hualou.body.contains("花楼街道人大代表工作室") && !hualou.body.contains("民族街道人大代表工作室"))
            #expect(hualou.body.contains(#"value="花楼""#) && hualou.body.contains("找到 10 个站点"))
            let community = try await http(.GET, intake.baseURL + "/?q=" + "如意社区".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(community.body.contains("<summary>民族街道（") && !community.body.contains("<summary>花楼街道（"))
            let wildcard = try await http(.GET, intake.baseURL + "/?q=%25")
            #expect(wildcard.status == 200 && wildcard.body.contains("没有找到相符的站点"))

            // The receipt lookup: typed loosely, it lands on the receipt page; malformed, it says so.
            let submitted = try await http(.POST, intake.baseURL + "/api/v1/opinions",
                                           json: #"{"station":"jh-minzu-office","category":"housingProperty","content":"小区门口的路灯坏了一个多月"}"#)
            let opinion = try apiDecoder.decode(SubmissionAccepted.self, from: Data(submitted.body.utf8))
            let typed = " " + opinion.receiptCode.lowercased().replacingOccurrences(of: "-", with: "")
            let lookup = try await http(.GET, intake.baseURL + "/r?code=" + typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            // (The test client follows the 303 as a browser does.)
            #expect(lookup.status == 200 && lookup.body.contains(#"<strong id="receipt-code" class="code">\#(opinion.receiptCode)</strong>"#))
            let malformed = try await http(.GET, intake.baseURL + "/r?code=" + "不是回执码".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(malformed.status == 400 && malformed.body.contains("回执码格式不正确"))
            let receipt = try await http(.GET, intake.baseURL + "/r/\(opinion.receiptCode)")
            #expect(receipt.status == 200 && receipt.body.contains(#"<a id="home-link" href="/">返回首页</a>"#))
            // Not yet a suggestion on the board: no board link.
            #expect(!receipt.body.contains("board-link"))

            // Both routes are described in the OpenAPI document.
            let openAPI = try JSONSerialization.jsonObject(with: Data(try await http(.GET, intake.baseURL + "/openapi.json").body.utf8)) as? [String: Any]
            let paths = openAPI?["paths"] as? [String: [String: [String: Any]]]
            #expect((paths?["/"]?["get"]?["summary"] as? String)?.hasPrefix("The citizens' home page") == true)
            #expect((paths?["/r"]?["get"]?["summary"] as? String)?.hasPrefix("The home page's receipt lookup") == true)
        }
    }
}
