import Contracts
import Foundation

/// Every field any of a case's forms posts (all optional: a missing field is a message beside
/// it, never a 500). `key` is the form's idempotency key, fresh on each rendering of the page.
struct UnitCaseForm: Decodable {
    var csrf: String?
    var key: String?
    var note: String?
    var `public`: String?
    var method: String?
    var day: String?
    var summary: String?
    var result: String?
    var text: String?
    var promiseWhat: String?
    var promiseDue: String?
    var reason: String?
    /// Which B-class promise a "done" report is about.
    var promise: String?
}

/// What a unit can do on its case's page; the raw value is the last part of the form's path.
enum UnitCaseAction: String, CaseIterable, Sendable {
    case accept, progress, contact, reply, `return`, coOpinion = "co-opinion", promiseDone = "promise-done"

    /// Supervision's endpoint for the action.
    func apiPath(_ form: UnitCaseForm) -> String {
        switch self {
        case .promiseDone: "promises/\(pathSegment(form.promise ?? ""))/done"
        case .accept: "accept"
        case .progress: "progress"
        case .contact: "contacts"
        case .reply: "reply"
        case .return: "return"
        case .coOpinion: "co-opinion"
        }
    }

    /// What the page says once it is done.
    var doneNotice: String {
        switch self {
        case .accept: "已接收这件交办，可以开始办理。"
        case .progress: "办理进展已记录。"
        case .contact: "与领衔代表的沟通已登记。"
        case .reply: "答复已提交，等待领衔代表测评。"
        case .return: "已退回。区人大将重新交办，本单位无需再办理。"
        case .coOpinion: "书面协办意见已提交主办单位。"
        case .promiseDone: "承诺事项的落实情况已报告。"
        }
    }

    /// The JSON body for supervision, or the errors (field → message) the page shows first.
    func body(_ form: UnitCaseForm) -> (json: Data?, errors: [String: String]) {
        func text(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func encoded(_ object: [String: Any]) -> Data? { try? JSONSerialization.data(withJSONObject: object, options: .sortedKeys) }
        switch self {
        case .accept:
            return (nil, [:])
        case .progress:
            return (encoded(["note": text(form.note), "public": form.public != nil]), [:])
        case .contact:
            return (encoded(["method": text(form.method), "day": text(form.day), "summary": text(form.summary)]), [:])
        case .reply:
            guard let result = ReplyResult(rawValue: form.result ?? "") else { return (nil, ["result": "请选择答复类别（A、B 或 C）。"]) }
            var object: [String: Any] = ["result": result.rawValue, "text": text(form.text)]
            // A B-class reply carries its promise; an empty promise is left out so that supervision names what is missing.
            if result == .B, !text(form.promiseWhat).isEmpty || !text(form.promiseDue).isEmpty {
                object["promise"] = ["what": text(form.promiseWhat), "due": text(form.promiseDue)]
            }
            return (encoded(object), [:])
        case .return:
            return (encoded(["reason": text(form.reason)]), [:])
        case .coOpinion:
            return (encoded(["text": text(form.text)]), [:])
        case .promiseDone:
            return (encoded(["note": text(form.note)]), [:])
        }
    }

    /// Supervision names fields as its API does; the page's fields of this form.
    static func formField(_ apiField: String) -> String {
        switch apiField {
        case "promise", "promise.what": "promiseWhat"
        case "promise.due": "promiseDue"
        default: apiField
        }
    }
}
