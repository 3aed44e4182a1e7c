import AsyncHTTPClient
import Contracts
import Foundation
import ServiceKit

/// The current year's 代表履职评价 score of each deputy on a station page, read from evaluation's
/// public API (`YOUYUE_EVALUATION_URL`). Intake owns no scores: when evaluation does not answer
/// within a moment, the page shows the deputies without them.
struct DeputyPerformanceScore: Decodable {
    var deputy: String
    var total: Double
    var page: String
}

private struct PerformanceListAnswer: Decodable {
    var periodName: String
    var deputies: [DeputyPerformanceScore]
}

/// Deputy code → the values the station page shows (`periodName`, `total`, `link`); empty when unavailable.
func deputyPerformanceScores(_ deputies: [String], environment: ServiceEnvironment) async -> [String: [String: String]] {
    guard !deputies.isEmpty, let evaluation = environment.configuration.peers[.evaluation] else { return [:] }
    let list = deputies.joined(separator: ",").addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.,")) ?? ""
    var request = HTTPClientRequest(url: evaluation + "/api/v1/performance?deputies=" + list)
    request.headers.add(name: "Accept", value: "application/json")
    do {
        let response = try await environment.httpClient.execute(request, timeout: .milliseconds(800))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 200 else { return [:] }
        let answer = try apiDecoder.decode(PerformanceListAnswer.self, from: Data(buffer: body))
        return Dictionary(answer.deputies.map { score in
            let total = score.total == score.total.rounded() ? String(Int(score.total)) : String(format: "%.1f", score.total)
            return (score.deputy, ["periodName": answer.periodName, "total": total, "link": score.page])
        }, uniquingKeysWith: { first, _ in first })
    } catch {
        environment.logger.debug("performance scores unavailable", metadata: ["error": "\(error)"])
        return [:]
    }
}
