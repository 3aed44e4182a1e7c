import AsyncHTTPClient
import Contracts
import Foundation
import IntakeService
import NIOCore
import NIOHTTP1
import ServiceKit
import TestSupport
import Testing

/// Bad input as a careless or hostile client sends it, to a running intake: every answer is a
/// clear 4xx, never a 500, and nothing is stored.
@Suite("Bad input")
struct BadInputTests {
    static let opinion = #"{"station":"jh-minzu-office","category":"transport","content":"公交站台没有遮雨棚，下雨天候车很不方便"}"#

    /// Posts `body` with exactly the `Content-Type` given (none when nil).
    static func post(_ url: String, body: String, contentType: String?, headers: [(String, String)] = []) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 1 << 22)
        return (Int(response.status.code), String(buffer: answer), response.headers)
    }

    static func isProblem(_ answer: (status: Int, body: String, headers: HTTPHeaders)) -> Bool {
        answer.headers["Content-Type"].first?.hasPrefix("application/problem+json") == true
    }

    @Test("a body over the size cap is 413: a problem on the API, a page on the station form, Open311's shape on Open311", arguments: Backend.allCases)
    func oversizeBodies(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let huge = String(repeating: "长", count: 1_000_000)  // 3 MB of UTF-8, over the API's 2 MB
            let api = try await http(.POST, intake.baseURL + "/api/v1/opinions",
                                     json: #"{"station":"jh-minzu-office","category":"transport","content":"\#(huge)"}"#)
            #expect(api.status == 413, "\(api.body)")
            #expect(Self.isProblem(api) && api.body.contains("problems/too-large") && api.body.contains("请求内容过大"))

            // With an Idempotency-Key the body is read earlier, under a smaller cap: the same answer.
            let keyed = try await http(.POST, intake.baseURL + "/api/v1/opinions",
                                       json: #"{"station":"jh-minzu-office","category":"transport","content":"\#(huge.prefix(400_000))"}"#,
                                       headers: [("Idempotency-Key", "too-big-1")])
            #expect(keyed.status == 413 && Self.isProblem(keyed), "\(keyed.body)")

            let long = String(repeating: "长", count: 30_000)  // 90 KB, over the forms' 64 KB
            let form = try await postForm(intake.baseURL + "/s/jh-minzu-office", fields: [("category", "transport"), ("content", long)])
            #expect(form.status == 413, "\(form.body)")
            #expect(form.headers["Content-Type"].first?.hasPrefix("text/html") == true && form.body.contains("内容太长"))

            let open311 = try await postForm(intake.baseURL + "/open311/v2/requests.json", fields: [
                ("service_code", "transport"), ("lat", "30.58"), ("long", "114.27"), ("description", long),
            ])
            #expect(open311.status == 413)
            #expect(open311.body == #"[{"code":413,"description":"请求体过大 (request body too large)"}]"#)

            #expect(try await IntakeAPITests.count(db, "opinions") == 0)
        }
    }

    @Test("the JSON API takes only JSON bodies: text/plain, a form or no type is 415 and stores nothing", arguments: Backend.allCases)
    func onlyJSONBodies(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend) { intake, db in
            let url = intake.baseURL + "/api/v1/opinions"
            // What a cross-site form can send without a preflight, and what no client should.
            for contentType in ["text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                                "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1", "application/jsonp", nil] {
                let refused = try await Self.post(url, body: Self.opinion, contentType: contentType)
                #expect(refused.status == 415, "\(contentType ?? "no Content-Type"): \(refused.body)")
                #expect(Self.isProblem(refused) && refused.body.contains("problems/unsupported-media-type"))
                #expect(refused.body.contains("application/json"))
            }
            #expect(try await IntakeAPITests.count(db, "opinions") == 0)

            for contentType in ["application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"", "application/problem+json"] {
                let accepted = try await Self.post(url, body: Self.opinion, contentType: contentType)
                #expect(accepted.status == 201, "\(contentType): \(accepted.body)")
            }
            #expect(try await IntakeAPITests.count(db, "opinions") == 3)
        }
    }

    @Test("a wrong-shaped body is a 400 naming the field in Chinese, never a Swift type", arguments: [Backend.sqlite])
    func wrongShapesNameNoTypes(backend: Backend) async throws {
        try await IntakeAPITests.withSeededIntake(backend, extra: ["YOUYUE_SUBMISSIONS_PER_MINUTE": "100"]) { intake, db in
            let opinions = intake.baseURL + "/api/v1/opinions"
            let deputy = try testToken(
                Principal(role: .deputy, subject: "dep-0001", district: "jianghan"), lifetime: 600)
            let suggestions = (intake.baseURL + "/api/v1/suggestions", [("Authorization", "Bearer \(deputy)")])
            let filed = try await http(.POST, opinions, json: Self.opinion)
            let opinion = try #require(try? apiDecoder.decode([String: String].self, from: Data(filed.body.utf8))["id"])
            let triage = (intake.baseURL + "/api/v1/opinions/\(opinion)/triage", suggestions.1)
            // (where, body, what the detail must say)
            let cases: [(String, [(String, String)], String, String)] = [
                (opinions, [], "[]", "请求体的类型不正确，应为 JSON 对象"),
                (opinions, [], #""公交站台""#, "请求体的类型不正确，应为 JSON 对象"),
                (opinions, [], "42", "请求体的类型不正确，应为 JSON 对象"),
                (opinions, [], "null", "请求体"),
                (opinions, [], #"{"station":"jh-minzu-office","#, "请求体不是有效的 JSON"),
                (opinions, [], #"{"station":5,"category":"transport","content":"公交站台没有遮雨棚"}"#, "字段 station 的类型不正确，应为字符串"),
                (opinions, [], #"{"station":"jh-minzu-office","category":"transport"}"#, "缺少必填字段 content"),
                (opinions, [], #"{"station":"jh-minzu-office","category":"transport","content":"公交站台没有遮雨棚","latitude":"north"}"#,
                 "字段 latitude 的类型不正确，应为数字"),
                (opinions, [], #"{"station":"jh-minzu-office","category":"transport","content":"公交站台没有遮雨棚","anonymous":"yes"}"#,
                 "字段 anonymous 的类型不正确，应为 true 或 false"),
                (opinions, [], #"{"station":null,"category":"transport","content":"公交站台没有遮雨棚"}"#, "字段 station 不能为空"),
                (suggestions.0, suggestions.1, #"{"title":"加装电梯","body":"建议加快审批","category":"housingProperty","opinions":"op_1"}"#,
                 "字段 opinions 的类型不正确，应为数组"),
                (suggestions.0, suggestions.1, #"{"title":{},"body":"建议加快审批","category":"housingProperty"}"#, "字段 title 的类型不正确，应为字符串"),
                (suggestions.0, suggestions.1, #"{"title":"加装电梯","body":"建议加快审批","category":"housingProperty","coSigners":[1]}"#,
                 "字段 coSigners.0 的类型不正确，应为字符串"),
                (triage.0, triage.1, #"{"action":"explode","note":"社区已安排"}"#, "字段 action 的值无效"),
                (triage.0, triage.1, #"{"action":["resolve"]}"#, "字段 action 的类型不正确，应为字符串"),
            ]
            for (url, headers, body, said) in cases {
                let answer = try await http(.POST, url, json: body, headers: headers)
                #expect(answer.status == 400, "\(body): \(answer.body)")
                #expect(Self.isProblem(answer))
                let detail = (try? apiDecoder.decode(Problem.self, from: Data(answer.body.utf8)))?.detail ?? ""
                #expect(detail.contains(said), "\(body): \(detail)")
                for spelling in ["Dictionary", "Array<", "Swift", "`", "Optional", "String", "Double", "Bool", "Int", "Any", "expected", "key"] {
                    #expect(!answer.body.contains(spelling), "\(body): \(answer.body) shows \(spelling)")
                }
            }
            #expect(try await IntakeAPITests.count(db, "opinions") == 1)
            #expect(try await IntakeAPITests.count(db, "suggestions") == 0)
        }
    }
}
