import Foundation
import ServiceKit

/// What a deputy or staff member decides about one received opinion.
public struct TriageRequest: Codable, Sendable {
    public enum Action: String, Codable, Sendable {
        /// Add it to an existing draft suggestion (a new suggestion is drafted with `POST /api/v1/suggestions`).
        case attach
        /// Merge it into the common issue carried by another opinion.
        case merge
        /// It was resolved on the spot; the note says how.
        case resolve
        /// It cannot be handled; the note, shown to the citizen, says why.
        case explain
    }
    public var action: Action
    public var suggestion: String?
    public var into: String?
    public var note: String?

    public init(action: Action, suggestion: String? = nil, into: String? = nil, note: String? = nil) {
        self.action = action
        self.suggestion = suggestion
        self.into = into
        self.note = note
    }
}

/// An opinion after triage.
public struct TriageOutcome: Codable, Sendable, Equatable {
    public var id: String
    public var status: String
    public var mergedInto: String?
    public var suggestion: String?
    public var explanation: String?
}

/// The field the action needs, checked with a Chinese message.
func triageErrors(_ request: TriageRequest) -> [String: String] {
    switch request.action {
    case .attach:
        return request.suggestion?.isEmpty == false ? [:] : ["suggestion": "请选择要并入的建议草稿。"]
    case .merge:
        return request.into?.isEmpty == false ? [:] : ["into": "请选择要合并到的意见。"]
    case .resolve, .explain:
        let note = request.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if note.count < 2 { return ["note": request.action == .resolve ? "请说明现场是如何解决的。" : "请写明无法办理的原因，这段说明会显示给群众。"] }
        if note.count > 1000 { return ["note": "说明不能超过 1000 字。"] }
        return [:]
    }
}
