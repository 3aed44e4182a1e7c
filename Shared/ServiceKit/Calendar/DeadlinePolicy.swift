import Foundation

/// The time limits of the suite and how a deadline day is found. Defaults follow DESIGN.md
/// ("Deadlines") and reference/RULES-CN.md; every one can be changed per deployment.
///
/// How a deadline is computed: take the start day (assignment, receipt, rating), add the period
/// without counting the start day, clamp a month period to the end of a shorter month, and when
/// the day reached is not a working day, move it to the first working day after it. That last
/// step is the common Chinese rule that a time limit ending on a rest day or holiday runs to the
/// next working day (民法典 Art. 203; the procedure laws say the same); it can be switched off
/// with `extendsDeadlinesOffRestDays`. A deadline day lasts until its `end`, 24:00 CST.
public struct DeadlinePolicy: Sendable, Equatable {
    public var calendar: WorkingDayCalendar
    /// A handling unit's reply to a deputy (代表法 Art. 43): 3 months from assignment.
    public var reply: DeadlinePeriod
    /// The reply where the assignment is marked complex (wide-ranging or hard to handle): 6 months.
    public var complexReply: DeadlinePeriod
    /// Handling again after an unsatisfied rating: 1 month from the rating.
    public var rehandling: DeadlinePeriod
    /// Returning an assignment as outside the unit's remit: 5 working days (local practice).
    public var returnWindow: DeadlinePeriod
    /// A co-handling unit's written opinion to the lead unit: 1 month from receipt.
    public var coUnitOpinion: DeadlinePeriod
    /// An organ's reply to a pre-litigation procuratorial suggestion: 2 months from receipt.
    public var procuratorialReply: DeadlinePeriod
    /// The same where harm to the public interest keeps growing: 15 days.
    public var urgentProcuratorialReply: DeadlinePeriod
    /// Calendar days before a deadline on which a reminder falls due.
    public var reminderDaysBefore: [Int]
    public var extendsDeadlinesOffRestDays: Bool

    public init(
        calendar: WorkingDayCalendar = WorkingDayCalendar(),
        reply: DeadlinePeriod = .months(3),
        complexReply: DeadlinePeriod = .months(6),
        rehandling: DeadlinePeriod = .months(1),
        returnWindow: DeadlinePeriod = .workingDays(5),
        coUnitOpinion: DeadlinePeriod = .months(1),
        procuratorialReply: DeadlinePeriod = .months(2),
        urgentProcuratorialReply: DeadlinePeriod = .days(15),
        reminderDaysBefore: [Int] = [15, 3],
        extendsDeadlinesOffRestDays: Bool = true
    ) {
        self.calendar = calendar
        self.reply = reply
        self.complexReply = complexReply
        self.rehandling = rehandling
        self.returnWindow = returnWindow
        self.coUnitOpinion = coUnitOpinion
        self.procuratorialReply = procuratorialReply
        self.urgentProcuratorialReply = urgentProcuratorialReply
        self.reminderDaysBefore = reminderDaysBefore
        self.extendsDeadlinesOffRestDays = extendsDeadlinesOffRestDays
    }

    /// The last day of `period` counted from `start` (see the type's comment for the rule).
    public func deadline(_ period: DeadlinePeriod, from start: CivilDay) -> CivilDay {
        let reached = switch period {
        case .days(let n): start.adding(days: n)
        case .months(let n): start.adding(months: n)
        case .workingDays(let n): calendar.addingWorkingDays(n, to: start)
        }
        return extendsDeadlinesOffRestDays ? calendar.nextWorkingDay(onOrAfter: reached) : reached
    }

    public func replyDeadline(assignedOn day: CivilDay, complex: Bool = false) -> CivilDay {
        deadline(complex ? complexReply : reply, from: day)
    }

    public func rehandlingDeadline(ratedUnsatisfiedOn day: CivilDay) -> CivilDay {
        deadline(rehandling, from: day)
    }

    /// The last day on which a unit may still return the assignment.
    public func returnWindowEnd(assignedOn day: CivilDay) -> CivilDay {
        deadline(returnWindow, from: day)
    }

    public func coUnitOpinionDeadline(receivedOn day: CivilDay) -> CivilDay {
        deadline(coUnitOpinion, from: day)
    }

    public func procuratorialReplyDeadline(receivedOn day: CivilDay, urgent: Bool = false) -> CivilDay {
        deadline(urgent ? urgentProcuratorialReply : procuratorialReply, from: day)
    }

    /// Every notice `deadline` calls for, earliest first: the reminders (calendar days before
    /// it), then overdue on the day after it.
    public func notices(for deadline: CivilDay) -> [DeadlineNotice] {
        let reminders = Set(reminderDaysBefore.filter { $0 > 0 }).sorted(by: >).map {
            DeadlineNotice(kind: .reminder(daysBefore: $0), day: deadline.adding(days: -$0))
        }
        return reminders + [DeadlineNotice(kind: .overdue, day: deadline.adding(days: 1))]
    }

    /// The notice a timer should have sent by `today`: the latest one already due, or nil
    /// before the first. A timer sends it unless its `kind.key` is recorded as sent; after a
    /// long stop, this skips reminders that a later notice has overtaken.
    public func latestDueNotice(for deadline: CivilDay, on today: CivilDay) -> DeadlineNotice? {
        notices(for: deadline).last { $0.day <= today }
    }

    /// Whether the deadline day has ended at `now`.
    public func isOverdue(_ deadline: CivilDay, at now: Date) -> Bool {
        now >= deadline.end
    }
}
