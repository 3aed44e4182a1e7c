import Contracts
import Foundation
import Logging
import ServiceKit
import ServiceLifecycle

/// Reminders 15 and 3 days before a deadline, and the overdue mark the day after, each once:
/// a timer scans the open cases in the database, so nothing is lost to a restart, and the
/// notices table's key stops a second instance (or a second scan) from sending one twice.
/// Overdue key suggestions are escalated to their supervising council member.
struct DeadlineScanner: Service {
    let environment: ServiceEnvironment

    func run() async throws {
        let interval = environment.configuration.deadlineScanInterval
        // Shutdown cancels the wait, so stopping never waits out a scan interval.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await scanDeadlines(environment, today: CivilDay(environment.clock.now()))
                } catch {
                    environment.logger.warning("deadline scan failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}

/// The notices due on `today` for every open case, applied once each.
func scanDeadlines(_ environment: ServiceEnvironment, today: CivilDay) async throws {
    let open = try await environment.database.query("""
        SELECT \(caseColumns) FROM cases WHERE status IN ('assigned', 'accepted', 'inProgress', 'rehandling')
        """).map(caseRecord)
    for record in open {
        guard let deadline = CivilDay(record.deadline) else { continue }
        for notice in dueNotices(deadline: deadline, today: today) {
            try await environment.database.transaction { db in
                let claimed = try await db.query("""
                    INSERT INTO deadline_notices (case_id, kind, deadline, sent_at) VALUES (\(record.id), \(notice.rawValue), \(record.deadline), \(environment.clock.now()))
                    ON CONFLICT (case_id, kind, deadline) DO NOTHING RETURNING case_id
                    """)
                guard !claimed.isEmpty else { return }
                try await apply(notice, to: record, deadline: deadline, db: db, environment: environment)
            }
        }
    }
    environment.outboxWakeup.signal()
}

enum DueNotice: String, Sendable, CaseIterable {
    case remind15, remind3, overdue
}

/// Which notices a deadline calls for by `today`: a late scan still sends what it missed, in order.
func dueNotices(deadline: CivilDay, today: CivilDay) -> [DueNotice] {
    var due: [DueNotice] = []
    if today >= deadline.adding(days: -15) && today <= deadline { due.append(.remind15) }
    if today >= deadline.adding(days: -3) && today <= deadline { due.append(.remind3) }
    if today > deadline { due.append(.overdue) }
    return due
}

private func apply(_ notice: DueNotice, to record: CaseRecord, deadline: CivilDay, db: any SQLExecutor, environment: ServiceEnvironment) async throws {
    let now = environment.clock.now()
    switch notice {
    case .remind15, .remind3:
        let days = notice == .remind15 ? 15 : 3
        try await recordStep(db, environment: environment, record: record, status: nil, kind: notice.rawValue,
                             note: "提醒\(record.unitName)：距办理期限 \(deadline) 不足 \(days) 天。", isPublic: false, actor: "supervision", at: now)
    case .overdue:
        try await db.execute("UPDATE cases SET overdue = 1 WHERE id = \(record.id)")
        try await recordStep(db, environment: environment, record: record, status: nil, kind: "overdue",
                             note: "\(record.unitName)已超过办理期限（\(deadline)），正在督办。", isPublic: true, actor: "supervision", at: now,
                             reportAs: .overdue)
        if let key = try await db.queryFirst("SELECT supervisor FROM key_suggestions WHERE suggestion = \(record.suggestion)") {
            try await recordStep(db, environment: environment, record: record, status: nil, kind: "escalated",
                                 note: "重点建议超期，已报分管督办的\(try key.string("supervisor"))。", isPublic: false, actor: "supervision", at: now)
        }
    }
}
