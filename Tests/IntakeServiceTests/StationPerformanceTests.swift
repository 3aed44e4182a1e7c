import Contracts
import Foundation
import Hummingbird
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// The station page shows each deputy's score from evaluation, linked to their performance page,
/// and still works when evaluation does not answer.
@Suite("Station page performance")
struct StationPerformanceTests {
    struct Score: Encodable { var deputy: String; var total: Double; var rank: Int; var page: String }
    struct ScoreList: Encodable { var period = "2026"; var periodName = "2026年"; var criteriaVersion = "x"; var deputies: [Score] }

    /// A stand-in for evaluation's public performance list, answering for the deputies asked about.
    static let fakeEvaluation = ServiceDefinition(name: .evaluation, migrations: MigrationSet(scope: "fake", []), routes: { router, _ in
        router.get("api/v1/performance") { request, _ in
            let asked = (request.uri.queryParameters.get("deputies") ?? "").split(separator: ",").map(String.init)
            let scores = asked.filter { $0 == "dep-0001" || $0 == "dep-0088" }.map { deputy in
                Score(deputy: deputy, total: deputy == "dep-0001" ? 29 : 7.5, rank: 1, page: "https://eval.example/performance/\(deputy)?period=2026")
            }
            return try jsonResponse(ScoreList(deputies: scores))
        }
    })

    @Test("scores from evaluation beside the deputies, linked; none when evaluation is unreachable")
    func stationScores() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let evaluation = try await startService(Self.fakeEvaluation, configuration: testConfiguration(
            .evaluation, database: .sqlite(path: folder + "/fake.sqlite"), folder: folder))
        do {
            try await IntakeAPITests.withSeededIntake(.sqlite, extra: ["YOUYUE_EVALUATION_URL": evaluation.baseURL]) { intake, _ in
                // The page waits 800 ms for evaluation; a machine busy with the whole suite can
                // miss that once, so the page is asked again until the scores are there.
                var status = 0
                var body = ""
                let scored = try await eventually {
                    let page = try await http(.GET, intake.baseURL + "/s/jh-minzu-office")
                    (status, body) = (page.status, page.body)
                    return body.contains("履职评价")
                }
                #expect(scored && status == 200)
                #expect(body.contains(#"<a class="performance" href="https://eval.example/performance/dep-0001?period=2026">2026年履职评价：29 分</a>"#))
                #expect(body.contains("2026年履职评价：7.5 分"))
            }
        } catch {
            await evaluation.stop()
            throw error
        }
        await evaluation.stop()
        try await IntakeAPITests.withSeededIntake(.sqlite) { intake, _ in
            let page = try await http(.GET, intake.baseURL + "/s/jh-minzu-office")
            #expect(page.status == 200 && page.body.contains("驻站代表") && !page.body.contains("履职评价"))
        }
    }
}
