import Foundation
import ServiceKit

/// The lead unit's reply deadline: 3 calendar months from the day of issue, 6 when complex
/// (Deputies Law art. 43), moved to the next working day when it falls on a rest day.
func replyDeadline(issuedAt: Date, complex: Bool, deadlines: DeadlinePolicy) -> String {
    deadlines.replyDeadline(assignedOn: CivilDay(issuedAt), complex: complex).description
}
