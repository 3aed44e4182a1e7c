import Foundation
import ServiceKit

/// The main stages of an opinion's story on the receipt page, in order. Each timeline step
/// belongs to one stage; the page shows the stages as a stepper with the steps folded under them.
enum ReceiptStage: Int, CaseIterable {
    case received, suggestion, assigned, handling, replied, evaluated, closed

    var name: String {
        switch self {
        case .received: "受理"
        case .suggestion: "建议"
        case .assigned: "交办"
        case .handling: "办理"
        case .replied: "答复"
        case .evaluated: "测评"
        case .closed: "办结"
        }
    }

    /// The stage of a timeline step's kind (see `addTimelineStep` callers and `timelineKind`).
    init(kind: String) {
        switch kind {
        case "received", "merged", "explained": self = .received
        case "inSuggestion", "suggestionSubmitted": self = .suggestion
        case "routed", "case.assigned", "case.returned": self = .assigned
        case "case.replied": self = .replied
        case "rated", "case.escalated": self = .evaluated
        case "case.closed", "resolvedOnSpot": self = .closed
        default: self = .handling  // accepted, progress, contact, overdue, rehandling, urged, the procuratorate's stages…
        }
    }
}

/// The stage the opinion is at: the furthest reached, except that a rehandling after an
/// unsatisfied rating takes it back to 办理, and the procuratorate's stages, which run beside
/// the handling, never move it.
func currentStage(_ kinds: [String]) -> ReceiptStage {
    var current = ReceiptStage.received
    for kind in kinds where !kind.hasPrefix("procuratorate.") {
        let stage = ReceiptStage(kind: kind)
        if kind == "case.rehandling" {
            current = .handling
        } else if stage.rawValue > current.rawValue {
            current = stage
        }
    }
    return current
}

/// The stepper's values: every stage with its state and its steps, oldest first within a stage.
func receiptStageValues(_ timeline: [Receipt.Step]) -> [[String: Any]] {
    let current = currentStage(timeline.map(\.kind))
    return ReceiptStage.allCases.map { stage -> [String: Any] in
        let steps = timeline.filter { ReceiptStage(kind: $0.kind) == stage }.map { ["at": chinaTime($0.at), "note": $0.note] }
        let state = stage == current ? "current" : stage.rawValue < current.rawValue ? "done" : "upcoming"
        let stateName = switch state {
        case "current": stage == .closed ? "已办结" : "当前阶段"
        case "done": "已完成"
        default: "尚未开始"
        }
        var values: [String: Any] = [
            "number": stage.rawValue + 1, "name": stage.name, "state": state, "stateName": stateName, "steps": steps,
            "count": steps.count, "hasSteps": !steps.isEmpty,
        ]
        if stage == current { values["current"] = true }
        return values
    }
}
