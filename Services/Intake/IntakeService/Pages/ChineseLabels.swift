import Contracts
import Foundation
import ServiceKit

/// The words the citizen pages show for the system's codes.
func statusName(_ status: String) -> String {
    switch status {
    case "received": "已受理，等待代表和工作人员处理"
    case "inSuggestion": "已写入代表建议"
    case "merged": "已与同类意见合并办理"
    case "resolvedOnSpot": "已现场解决"
    case "explained": "暂时无法办理，已说明原因"
    case "routed": "已交办承办单位"
    case "inHandling": "承办单位正在办理"
    case "closed": "已办结"
    default: status
    }
}

/// The ledger's short status words (a spreadsheet column).
func ledgerStatusName(_ status: String) -> String {
    switch status {
    case "received": "已受理"
    case "inSuggestion": "已写入代表建议"
    case "merged": "已合并办理"
    case "resolvedOnSpot": "已现场解决"
    case "explained": "已说明原因"
    case "routed": "已交办"
    case "inHandling": "办理中"
    case "closed": "已办结"
    default: status
    }
}

func stationKindName(_ kind: StationKind) -> String {
    switch kind {
    case .home: "代表之家"
    case .liaisonStation: "代表联络站"
    case .office: "代表工作室"
    case .receptionRoom: "代表接待室"
    }
}

func deputyLevelName(_ level: DeputyLevel) -> String {
    switch level {
    case .national: "全国人大代表"
    case .provincial: "省人大代表"
    case .municipal: "市人大代表"
    case .district: "区人大代表"
    }
}

func themeName(_ theme: Theme) -> String {
    switch theme {
    case .learn: "共学"
    case .dialogue: "共话"
    case .build: "共建"
    case .supervise: "共督"
    case .evaluate: "共评"
    case .share: "共享"
    }
}

func modeName(_ mode: Mode) -> String {
    switch mode {
    case .receptionVisit: "接待+走访"
    case .themeResearch: "主题+调研"
    case .onlineOffline: "线上+线下"
    }
}
