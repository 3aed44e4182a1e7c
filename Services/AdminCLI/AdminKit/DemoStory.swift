import AsyncHTTPClient
import Contracts
import Foundation
import NIOCore
import NIOHTTP1
import ServiceKit

/// `youyue demo`: one story through the whole suite, as the people in it would live it — a
/// citizen's QR submission, triage into a deputy's suggestion, routing and an assignment list,
/// handling with contact and reply, an unsatisfied rating and rehandling, a satisfied rating and
/// closure, the citizen's rating, and a referral to the procuratorate with its reports. Each step
/// says in Chinese what happened and which page shows it; a failing step stops the story by name.
public struct DemoStory: Sendable {
    public let urls: [ServiceName: String]
    /// The console's signer: the story acts as each person in it.
    public let signer: TokenSigner
    public let httpClient: HTTPClient
    /// Seconds to wait for a message to travel between services before calling a step failed.
    public var patience: TimeInterval = 30

    public init(urls: [ServiceName: String], signer: TokenSigner, httpClient: HTTPClient) {
        self.urls = urls
        self.signer = signer
        self.httpClient = httpClient
    }

    /// Runs the story, reporting each step; `afterStep` lets a test disturb the suite in between.
    public func run(say: @Sendable (String) -> Void, afterStep: @Sendable (Int) async throws -> Void = { _ in }) async throws {
        let intake = urls[.intake]!, routing = urls[.routing]!, supervision = urls[.supervision]!
        let evaluation = urls[.evaluation]!, bridge = urls[.procuratorateBridge]!
        let deputy = try await token(.deputy, "dep-0001")
        let streetStaff = try await token(.streetStaff, "staff-minzu", street: "minzu")
        let districtStaff = try await token(.districtStaff, "staff-district")
        let unit = try await token(.unit, "clerk-minzu", unit: "minzu-office")
        let procuratorate = try await token(.procuratorate, "jianghan-procuratorate")
        var number = 0
        func step(_ title: String, _ body: () async throws -> String) async throws {
            number += 1
            let shown: String
            do { shown = try await body() } catch { throw DemoStepFailed(step: number, title: title, reason: "\(error)") }
            say("\(number). \(title)\n   \(shown)")
            try await afterStep(number)
        }

        var receiptCode = "", opinion = "", suggestion = "", caseID = ""
        try await step("群众扫描民族街道人大代表工作室的二维码，提交意见") {
            let reply = try await call(.POST, intake + "/api/v1/opinions", json: [
                "station": "jh-minzu-office", "category": "housingProperty",
                "content": "小区加装电梯的补贴迟迟不到位，已经等了一年多，希望代表帮忙催一催。"], token: nil)
            (receiptCode, opinion) = (try text(reply, "receiptCode"), try text(reply, "id"))
            return "回执码 \(receiptCode)，可在 \(intake)/r/\(receiptCode) 查看进度（站点页面：\(intake)/s/jh-minzu-office）"
        }
        try await step("代表分办意见，写入代表建议并提交") {
            let draft = try await call(.POST, intake + "/api/v1/suggestions", json: [
                "title": "关于加快发放老旧小区加装电梯补贴的建议",
                "body": "民族街道多个老旧小区居民反映加装电梯补贴迟迟不到位，建议公开补贴审核进度，限期发放到位，并加强专项资金监管。",
                "category": "housingProperty", "opinions": [opinion]], token: deputy)
            suggestion = try text(draft, "id")
            _ = try await call(.POST, intake + "/api/v1/suggestions/\(suggestion)/submit", json: nil, token: deputy)
            return "建议 \(suggestion) 已提交，送交分级交办"
        }
        try await step("街道工作人员确认分级交办建议（街道办理）") {
            try await waitFor { try await status(.GET, routing + "/api/v1/routings/\(suggestion)", token: streetStaff) == 200 }
            let decided = try await call(.POST, routing + "/api/v1/routings/\(suggestion)/decision", json: [String: String](), token: streetStaff)
            return "主办：\(try text(decided, "leadUnit"))；依据：\(try text(decided, "reason"))"
        }
        try await step("清单式交办，承办单位收到交办") {
            _ = try await call(.POST, routing + "/api/v1/assignment-lists", json: ["title": "民族街道演示交办清单", "suggestions": [suggestion]], token: streetStaff)
            try await waitFor { try await !cases(supervision, unit).isEmpty }
            caseID = try await cases(supervision, unit)[0]
            return "办理过程公开：\(supervision)/board/\(suggestion)"
        }
        try await step("承办单位接收、报告进展、与代表见面沟通并答复（B 类）") {
            let base = supervision + "/api/v1/cases/\(caseID)"
            _ = try await call(.POST, base + "/accept", json: nil, token: unit)
            _ = try await call(.POST, base + "/progress", json: ["note": "已核查待发放补贴名单，共 12 户"], token: unit)
            _ = try await call(.POST, base + "/contacts", json: ["method": "当面", "day": CivilDay(Date()).description, "summary": "与领衔代表当面沟通补贴核查情况"], token: unit)
            _ = try await call(.POST, base + "/reply", json: ["result": "B", "text": "补贴审核已启动，将于年底前分批发放。",
                                                               "promise": ["what": "年底前发放全部加装电梯补贴", "due": CivilDay(Date()).adding(days: 30).description]], token: unit)
            return "答复已送代表测评：\(evaluation)/results"
        }
        try await step("领衔代表测评“不满意”，案件退回重新办理") {
            try await waitFor { try await status(.GET, evaluation + "/api/v1/evaluations/\(caseID)", token: deputy) == 200 }
            _ = try await call(.POST, evaluation + "/api/v1/evaluations/\(caseID)/rating", json: ["satisfaction": "unsatisfied", "contacted": true, "comment": "进度太慢"], token: deputy)
            try await waitFor { try await text(call(.GET, supervision + "/api/v1/board/\(suggestion)", json: nil, token: nil), "status") == "rehandling" }
            return "重新办理，期限一个月：\(supervision)/board/\(suggestion)"
        }
        try await step("承办单位重新办理后再次答复（A 类），代表测评“满意”，办结销号") {
            let base = supervision + "/api/v1/cases/\(caseID)"
            _ = try await call(.POST, base + "/contacts", json: ["method": "电话", "day": CivilDay(Date()).description, "summary": "告知补贴已全部发放"], token: unit)
            _ = try await call(.POST, base + "/reply", json: ["result": "A", "text": "12 户加装电梯补贴已全部发放到位，并在社区公示。"], token: unit)
            try await waitFor { try await text(call(.GET, evaluation + "/api/v1/evaluations/\(caseID)", json: nil, token: deputy), "round") == "2" }
            _ = try await call(.POST, evaluation + "/api/v1/evaluations/\(caseID)/rating", json: ["satisfaction": "satisfied", "contacted": true], token: deputy)
            try await waitFor { try await text(call(.GET, supervision + "/api/v1/board/\(suggestion)", json: nil, token: nil), "status") == "closed" }
            try await waitFor { try await text(call(.GET, intake + "/api/v1/receipts/\(receiptCode)", json: nil, token: nil), "status") == "closed" }
            return "已办结：\(intake)/r/\(receiptCode)"
        }
        try await step("群众凭回执码评价办理结果") {
            _ = try await call(.POST, intake + "/api/v1/receipts/\(receiptCode)/rating", json: ["satisfaction": "satisfied"], token: nil)
            try await waitFor { try await call(.GET, evaluation + "/api/v1/results", json: nil, token: nil).contains(#""satisfied":1"#) }
            return "办理结果网上评：\(evaluation)/results"
        }
        var referral = ""
        try await step("涉及专项资金监管，作为公益诉讼线索移送区人民检察院") {
            let proposed = try await call(.GET, bridge + "/api/v1/referrals/proposals/\(suggestion)", json: nil, token: districtStaff)
            // The fields proposed from the text (补贴、专项资金 → 国有财产保护), confirmed by staff.
            let fields = (try JSONSerialization.jsonObject(with: Data(proposed.utf8)) as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            let field = fields.first ?? "stateProperty"
            let created = try await call(.POST, bridge + "/api/v1/referrals", json: ["suggestion": suggestion, "fields": [field]], token: districtStaff)
            referral = try text(created, "id")
            return "移送 \(referral)（已签名：\(try text(created, "algorithm"))）"
        }
        try await step("检察院签收、受理、立案、发出诉前检察建议，行政机关回复，整改到位，结案") {
            let base = bridge + "/api/v1/procuratorate/referrals/\(referral)"
            _ = try await call(.POST, base + "/ack", json: nil, token: procuratorate)
            for report: [String: Any] in [
                ["stage": "received"], ["stage": "filed", "caseNumber": "汉检公益立〔2026〕8号"],
                ["stage": "preLitigationSuggestion", "organ": "区住房和城市更新局", "date": CivilDay(Date()).description],
                ["stage": "organReplied", "note": "已书面回复"], ["stage": "rectified"], ["stage": "closed"],
            ] {
                _ = try await call(.POST, base + "/reports", json: report, token: procuratorate)
            }
            try await waitFor { try await call(.GET, supervision + "/api/v1/board/\(suggestion)", json: nil, token: nil).contains("检察院已结案") }
            return "每一步都在办理过程公开中：\(supervision)/board/\(suggestion)"
        }
    }

    private func token(_ role: Role, _ subject: String, street: String? = nil, unit: String? = nil) async throws -> String {
        try signer.mint(Principal(role: role, subject: subject, district: "jianghan", street: street, unit: unit), lifetime: 3600)
    }

    private func cases(_ supervision: String, _ unit: String) async throws -> [String] {
        let body = try await call(.GET, supervision + "/api/v1/cases?status=assigned", json: nil, token: unit)
        let list = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] ?? []
        return list.compactMap { $0["id"] as? String }
    }

    private func waitFor(_ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(patience)
        while Date() < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw DemoTimeout(seconds: patience)
    }

    private func status(_ method: HTTPMethod, _ url: String, token: String?) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return Int(try await httpClient.execute(request, timeout: .seconds(10)).status.code)
    }

    /// Sends a request and returns the body of a 2xx answer; anything else is an error naming it.
    private func call(_ method: HTTPMethod, _ url: String, json: Any?, token: String?) async throws -> String {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)))
        }
        let response = try await httpClient.execute(request, timeout: .seconds(15))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 22))
        guard (200..<300).contains(response.status.code) else {
            throw AdminRequestFailed(url: url, status: Int(response.status.code), detail: body)
        }
        return body
    }
}

/// A top-level field of a JSON answer, as text.
private func text(_ body: String, _ field: String) throws -> String {
    guard let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], let value = object[field] else {
        throw DemoUnexpectedAnswer(field: field, body: String(body.prefix(300)))
    }
    return "\(value)"
}

public struct DemoStepFailed: Error, CustomStringConvertible {
    public let step: Int
    public let title: String
    public let reason: String
    public var description: String { "第 \(step) 步失败（\(title)）：\(reason)" }
}

struct DemoTimeout: Error, CustomStringConvertible {
    let seconds: TimeInterval
    var description: String { "等待 \(Int(seconds)) 秒仍未完成（消息没有送达？请用 youyue outbox list 查看）" }
}

struct DemoUnexpectedAnswer: Error, CustomStringConvertible {
    let field: String
    let body: String
    var description: String { "回答中没有 \(field)：\(body)" }
}
