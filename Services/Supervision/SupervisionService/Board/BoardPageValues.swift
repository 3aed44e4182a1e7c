import Contracts
import Foundation
import ServiceKit

/// The board's words and values for its templates: Chinese status names, China Standard Time.
func boardEntryValues(_ entry: BoardEntry) -> [String: Any] {
    [
        "suggestion": entry.suggestion, "title": entry.title, "leadUnitName": entry.leadUnitName,
        "coUnits": entry.coUnits.joined(separator: "、"), "deadline": entry.deadline, "statusName": entry.status.chineseName,
        "overdue": entry.overdue, "key": entry.key,
        "timeline": entry.timeline.reversed().map { ["at": chinaTime($0.at), "unitName": $0.unitName, "note": $0.note] },
    ]
}
