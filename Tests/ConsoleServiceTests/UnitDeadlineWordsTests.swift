@testable import ConsoleService
import Contracts
import Foundation
import ServiceKit
import Testing

/// How the unit's to-do list words its deadlines and orders its cases.
@Suite("Console: a unit's deadlines in words")
struct UnitDeadlineWordsTests {
    func day(_ text: String) -> CivilDay { CivilDay(text)! }

    @Test("还剩 counts working days (a weekend is not one), 今天截止 on the day, 已超期 counts calendar days after it")
    func words() {
        let calendar = WorkingDayCalendar()
        // Friday 4 December 2026 to Monday 7 December: one working day left.
        #expect(deadlineInWords(day("2026-12-07"), today: day("2026-12-04"), calendar: calendar) == ("还剩 1 个工作日", false))
        #expect(deadlineInWords(day("2026-12-18"), today: day("2026-12-04"), calendar: calendar) == ("还剩 10 个工作日", false))
        #expect(deadlineInWords(day("2026-12-07"), today: day("2026-12-07"), calendar: calendar) == ("今天截止", false))
        #expect(deadlineInWords(day("2026-12-07"), today: day("2026-12-09"), calendar: calendar) == ("已超期 2 天", true))
        #expect(chineseDate(day("2027-03-08")) == "2027年3月8日")
    }

    @Test("new cases first, then the nearest deadline; replied ones after every open one")
    func order() {
        func record(_ id: String, _ status: CaseStatus, _ deadline: String) -> UnitCase {
            UnitCase(id: id, suggestion: "s", title: id, category: "c", unit: "u", unitName: "单位", role: .lead, leadDeputy: "d", complex: false,
                     status: status, round: 1, deadline: deadline, returnUntil: deadline, overdue: false, replyResult: nil, replyText: nil,
                     issuedAt: Date(timeIntervalSince1970: 0))
        }
        let cases = [record("replied", .replied, "2026-12-01"), record("later", .inProgress, "2027-03-01"),
                     record("new", .assigned, "2027-04-01"), record("sooner", .accepted, "2027-01-15")]
        #expect(cases.sorted(by: UnitPages.toDoOrder).map(\.id) == ["new", "sooner", "later", "replied"])
    }
}
