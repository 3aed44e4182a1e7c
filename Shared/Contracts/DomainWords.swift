// The enums of DESIGN.md's word table. Raw values are the API spelling.

/// 代表家站室: the kind of place where deputies meet people.
public enum StationKind: String, Codable, Sendable, CaseIterable {
    case home, liaisonStation, office, receptionRoom
}

/// The congress a deputy belongs to.
public enum DeputyLevel: String, Codable, Sendable, CaseIterable {
    case national, provincial, municipal, district
}

/// 六个主题 of 代表有约 activities.
public enum Theme: String, Codable, Sendable, CaseIterable {
    case learn, dialogue, build, supervise, evaluate, share
}

/// 三个模式 of 代表有约 activities.
public enum Mode: String, Codable, Sendable, CaseIterable {
    case receptionVisit, themeResearch, onlineOffline
}

/// 分级办理: who is competent to handle a suggestion.
public enum Tier: String, Codable, Sendable, CaseIterable {
    case street, district, municipal
}

/// The kind of a handling unit; 一府一委两院 are government, supervisoryCommission, court, procuratorate.
public enum UnitKind: String, Codable, Sendable, CaseIterable {
    case government, supervisoryCommission, court, procuratorate, streetOffice, community, municipalCongress
}

/// How an opinion reached the ledger.
public enum OpinionChannel: String, Codable, Sendable, CaseIterable {
    case qrOnline, reception, visit, research, activity, open311

    /// How the channel reads on pages and in exports.
    public var chineseName: String {
        switch self {
        case .qrOnline: "扫码线上反映"
        case .reception: "代表接待"
        case .visit: "代表走访"
        case .research: "调研"
        case .activity: "代表有约活动"
        case .open311: "Open311 接口"
        }
    }
}

/// A reply's result class: A solved or adopted, B in progress or planned, C cannot now (explained).
public enum ReplyResult: String, Codable, Sendable, CaseIterable {
    case A, B, C
}

/// 满意度测评: a deputy's rating of a reply.
public enum Satisfaction: String, Codable, Sendable, CaseIterable {
    case satisfied, basicallySatisfied, unsatisfied
}

/// The states of a case in supervision.
public enum CaseStatus: String, Codable, Sendable, CaseIterable {
    case assigned, accepted, inProgress, replied, closed, returned, rehandling, overdue
}

extension CaseStatus {
    /// How the state reads on the public board and in staff messages.
    public var chineseName: String {
        switch self {
        case .assigned: "已交办"
        case .accepted: "已接收"
        case .inProgress: "办理中"
        case .replied: "已答复"
        case .closed: "已办结"
        case .returned: "已退回"
        case .rehandling: "重新办理"
        case .overdue: "已超期"
        }
    }
}

extension Tier {
    /// How the tier reads on a receipt or a board.
    public var chineseName: String {
        switch self {
        case .street: "街道办理"
        case .district: "区级办理"
        case .municipal: "转市人大办理"
        }
    }
}
