/// The built-in State Council arrangements, extended (or corrected, year by year) by the file
/// `YOUYUE_CALENDAR_FILE` names. A malformed file stops the service at start with the reason.
public func loadWorkingDayCalendar(_ configuration: ServiceConfiguration) throws -> WorkingDayCalendar {
    let builtIn = WorkingDayCalendar()
    guard let file = configuration.calendarFile else { return builtIn }
    return try builtIn.merging(WorkingDayCalendar(contentsOf: file))
}
