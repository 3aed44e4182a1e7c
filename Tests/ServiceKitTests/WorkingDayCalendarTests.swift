import Foundation
import ServiceKit
import Testing

// Expected dates below were worked out by hand from the State Council notices in
// reference/RULES-CN.md (and checked once against an independent script); each test says how.

@Suite("Civil days in China Standard Time")
struct CivilDayTests {
    @Test("YYYY-MM-DD text: real dates only, round trip")
    func text() {
        #expect(day("2026-02-13").description == "2026-02-13")
        #expect(CivilDay(year: 2024, month: 2, day: 29)?.description == "2024-02-29")
        #expect(CivilDay(year: 2025, month: 2, day: 29) == nil)   // 2025 is not a leap year
        #expect(CivilDay(year: 1900, month: 2, day: 29) == nil)   // century, not divisible by 400
        #expect(CivilDay(year: 2000, month: 2, day: 29) != nil)
        for bad in ["2026-02-30", "2026-04-31", "2026-13-01", "2026-2-13", "26-02-13", "2026/02/13",
                    "2026-02-13T00:00", " 2026-02-13", "2026-02-1a", "+202-02-13"] {
            #expect(CivilDay(bad) == nil, "\(bad) should be refused")
        }
    }

    @Test("Codable as a \"YYYY-MM-DD\" string, and a bad string is a decoding error")
    func codable() throws {
        struct Holder: Codable, Equatable { let due: CivilDay }
        let json = try JSONEncoder().encode(Holder(due: day("2026-03-01")))
        #expect(String(decoding: json, as: UTF8.self) == #"{"due":"2026-03-01"}"#)
        #expect(try JSONDecoder().decode(Holder.self, from: json) == Holder(due: day("2026-03-01")))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Holder.self, from: Data(#"{"due":"2026-02-30"}"#.utf8))
        }
    }

    @Test("23:30 UTC is already the next day in China; the day turns at 16:00 UTC")
    func fromDate() throws {
        #expect(CivilDay(try instant("2026-02-13T23:30:00Z")) == day("2026-02-14"))
        #expect(CivilDay(try instant("2026-02-13T15:59:59Z")) == day("2026-02-13"))
        #expect(CivilDay(try instant("2026-02-13T16:00:00Z")) == day("2026-02-14"))
        #expect(CivilDay(try instant("2025-12-31T16:00:00Z")) == day("2026-01-01"))
        #expect(CivilDay(try instant("1969-12-31T15:59:59Z")) == day("1969-12-31"))   // before 1970: floor, not truncation
    }

    @Test("Agrees with Foundation's Asia/Shanghai calendar, hour by hour over 2025-2026")
    func agreesWithTimeZoneDatabase() throws {
        var shanghai = Calendar(identifier: .gregorian)
        shanghai.timeZone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        var moment = try instant("2024-12-31T00:00:00Z")
        let stop = try instant("2027-01-01T00:00:00Z")
        while moment < stop {
            let parts = shanghai.dateComponents([.year, .month, .day], from: moment)
            let expected = CivilDay(year: parts.year!, month: parts.month!, day: parts.day!)
            guard CivilDay(moment) == expected else {
                Issue.record("\(moment): \(CivilDay(moment)) but Asia/Shanghai says \(String(describing: expected))")
                return
            }
            moment += 3600
        }
    }

    @Test("start is 00:00 CST; end is the next day's start, exclusive")
    func startAndEnd() throws {
        let valentine = day("2026-02-14")
        #expect(valentine.start == (try instant("2026-02-13T16:00:00Z")))
        #expect(valentine.end == (try instant("2026-02-14T16:00:00Z")))
        #expect(valentine.end == day("2026-02-15").start)
        #expect(valentine.contains(valentine.start))
        #expect(!valentine.contains(valentine.end))
        #expect(valentine.contains(valentine.end - 0.001))
        #expect(CivilDay(valentine.start) == valentine)
    }

    @Test("Day arithmetic across month, year and leap-day boundaries")
    func addingDays() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2024-02-28").adding(days: 2) == day("2024-03-01"))
        #expect(day("2025-02-28").adding(days: 1) == day("2025-03-01"))
        #expect(day("2025-12-31").adding(days: 1) == day("2026-01-01"))
        #expect(day("2026-01-01").adding(days: -1) == day("2025-12-31"))
        #expect(day("2025-01-01").adding(days: 365) == day("2026-01-01"))
        #expect(day("2025-01-01").days(until: day("2026-01-01")) == 365)
        #expect(day("2026-03-01").days(until: day("2026-02-01")) == -28)
    }

    @Test("Month arithmetic clamps to the last day of a shorter month")
    func addingMonths() {
        #expect(day("2025-11-30").adding(months: 3) == day("2026-02-28"))
        #expect(day("2023-11-30").adding(months: 3) == day("2024-02-29"))   // leap year
        #expect(day("2026-01-31").adding(months: 1) == day("2026-02-28"))
        #expect(day("2026-08-31").adding(months: 1) == day("2026-09-30"))
        #expect(day("2026-10-31").adding(months: 3) == day("2027-01-31"))   // into the next year
        #expect(day("2026-02-15").adding(months: 12) == day("2027-02-15"))
        #expect(day("2026-03-31").adding(months: -1) == day("2026-02-28"))
        #expect(day("2026-01-15").adding(months: -1) == day("2025-12-15"))
    }

    @Test("Weekdays, including before 1970")
    func weekdays() {
        #expect(day("2026-02-13").weekday == .friday)
        #expect(day("2026-02-14").weekday == .saturday)
        #expect(day("2025-09-28").weekday == .sunday)
        #expect(day("1970-01-01").weekday == .thursday)
        #expect(day("1969-12-31").weekday == .wednesday)
        #expect(day("2000-01-01").weekday == .saturday)
        #expect(day("2026-02-14").weekday.chineseName == "星期六")
    }

    @Test("Every day from 1960 to 2060 matches Foundation's Gregorian calendar")
    func agreesWithFoundationCalendar() throws {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = try #require(TimeZone(secondsFromGMT: 8 * 3600))
        var civil = day("1960-01-01")
        var date = civil.start
        while civil.year < 2061 {
            let parts = gregorian.dateComponents([.year, .month, .day, .weekday], from: date)
            let foundationWeekday = (parts.weekday! + 5) % 7 + 1   // Foundation: Sunday = 1; ISO: Monday = 1
            guard (parts.year, parts.month, parts.day) == (civil.year, civil.month, civil.day),
                  foundationWeekday == civil.weekday.rawValue, CivilDay(date) == civil else {
                Issue.record("\(civil) (\(civil.weekday)) disagrees with Foundation: \(parts)")
                return
            }
            civil = civil.adding(days: 1)
            date = gregorian.date(byAdding: .day, value: 1, to: date)!
        }
    }

    @Test("Ordering follows the calendar")
    func ordering() {
        let days = ["2026-02-01", "2025-12-31", "2026-01-10", "2026-01-09"].map(day)
        #expect(days.sorted().map(\.description) == ["2025-12-31", "2026-01-09", "2026-01-10", "2026-02-01"])
    }
}

@Suite("Working days under the State Council's arrangements")
struct WorkingDayCalendarTests {
    let calendar = WorkingDayCalendar()

    @Test("The built-in arrangements load and cover 2025 and 2026")
    func builtIn() {
        #expect(calendar.coveredYears == [2025, 2026])
        // RULES-CN.md lists 6 holidays and 5 make-up days for 2025, 7 and 6 for 2026.
        #expect(calendar.arrangements.map(\.holidays.count) == [6, 7])
        #expect(calendar.arrangements.map(\.makeUpWorkdays.count) == [5, 6])
        #expect(calendar.arrangements.allSatisfy { $0.source?.contains("国务院办公厅") == true })
        #expect(calendar.covers(year: 2026))
        #expect(!calendar.covers(year: 2027))
    }

    @Test("Each covered year has 365 - 104 weekend days - 13 statutory holidays = 248 working days")
    func statutoryHolidayCount() {
        // 《全国年节及纪念日放假办法》 (as amended in 2024) grants 13 days; the notices only
        // move weekend days around them. 2025 and 2026 each have 104 Saturdays and Sundays.
        #expect(calendar.workingDays(from: day("2024-12-31"), to: day("2025-12-31")) == 248)
        #expect(calendar.workingDays(from: day("2025-12-31"), to: day("2026-12-31")) == 248)
    }

    @Test("Every holiday in RULES-CN.md is off, with its festival's name", arguments: [
        // (first day off, last day off, festival)
        ("2025-01-01", "2025-01-01", "元旦"), ("2025-01-28", "2025-02-04", "春节"),
        ("2025-04-04", "2025-04-06", "清明节"), ("2025-05-01", "2025-05-05", "劳动节"),
        ("2025-05-31", "2025-06-02", "端午节"), ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
        ("2026-01-01", "2026-01-03", "元旦"), ("2026-02-15", "2026-02-23", "春节"),
        ("2026-04-04", "2026-04-06", "清明节"), ("2026-05-01", "2026-05-05", "劳动节"),
        ("2026-06-19", "2026-06-21", "端午节"), ("2026-09-25", "2026-09-27", "中秋节"),
        ("2026-10-01", "2026-10-07", "国庆节"),
    ])
    func holidays(first: String, last: String, festival: String) {
        let period = HolidayPeriod(name: festival, first: day(first), last: day(last))
        for offDay in period.days {
            #expect(!calendar.isWorkingDay(offDay), "\(offDay) is a day off")
            #expect(calendar.holidayName(on: offDay) == festival)
        }
        // The days either side are not part of this holiday.
        #expect(calendar.holidayName(on: day(first).adding(days: -1)) == nil)
        #expect(calendar.holidayName(on: day(last).adding(days: 1)) == nil)
    }

    @Test("Make-up working days are working days though they fall on a weekend", arguments: [
        ("2025-01-26", Weekday.sunday), ("2025-02-08", .saturday), ("2025-04-27", .sunday),
        ("2025-09-28", .sunday), ("2025-10-11", .saturday), ("2026-01-04", .sunday),
        ("2026-02-14", .saturday), ("2026-02-28", .saturday), ("2026-05-09", .saturday),
        ("2026-09-20", .sunday), ("2026-10-10", .saturday),
    ])
    func makeUpWorkday(date: String, weekday: Weekday) {
        #expect(day(date).weekday == weekday)
        #expect(calendar.isWorkingDay(day(date)))
        #expect(calendar.isMakeUpWorkday(day(date)))
    }

    @Test("Spring Festival 2026: 5 working days from Fri 2026-02-13 end on Fri 2026-02-27")
    func springFestival2026() {
        // Sat 02-14 (make-up) is the 1st; 02-15 to 02-23 are off; Tue 02-24 is the 2nd, Wed 25th
        // the 3rd, Thu 26th the 4th, Fri 27th the 5th. Plain Monday-Friday would give 02-20.
        let assigned = day("2026-02-13")
        #expect(calendar.addingWorkingDays(1, to: assigned) == day("2026-02-14"))
        #expect(calendar.addingWorkingDays(2, to: assigned) == day("2026-02-24"))
        #expect(calendar.addingWorkingDays(5, to: assigned) == day("2026-02-27"))
        // The 6th is Sat 02-28, the other make-up day.
        #expect(calendar.addingWorkingDays(6, to: assigned) == day("2026-02-28"))
        #expect(calendar.addingWorkingDays(7, to: assigned) == day("2026-03-02"))
        #expect(calendar.addingWorkingDays(-1, to: day("2026-02-24")) == day("2026-02-14"))
        #expect(calendar.addingWorkingDays(0, to: assigned) == assigned)
    }

    @Test("A make-up Saturday counts, an ordinary Saturday does not")
    func makeUpDayCounts() {
        // Fri 2026-02-27 → Sat 02-28 (make-up). Fri 2026-03-06 → Mon 03-09 (03-07 is a plain Saturday).
        #expect(calendar.addingWorkingDays(1, to: day("2026-02-27")) == day("2026-02-28"))
        #expect(calendar.addingWorkingDays(1, to: day("2026-03-06")) == day("2026-03-09"))
        #expect(!calendar.isWorkingDay(day("2026-03-07")))
    }

    @Test("National Day 2025: Oct 1-8 off, Sun 09-28 and Sat 10-11 worked")
    func nationalDay2025() {
        // From Fri 09-26: Sat 09-27 is off; Sun 09-28 (make-up) 1st, Mon 09-29 2nd, Tue 09-30 3rd;
        // 10-01 to 10-08 off; Thu 10-09 4th, Fri 10-10 5th; Sat 10-11 (make-up) 6th.
        let assigned = day("2025-09-26")
        #expect(!calendar.isWorkingDay(day("2025-09-27")))
        #expect(calendar.isWorkingDay(day("2025-09-28")))
        #expect(calendar.addingWorkingDays(5, to: assigned) == day("2025-10-10"))
        #expect(calendar.addingWorkingDays(6, to: assigned) == day("2025-10-11"))
        #expect(calendar.workingDays(from: day("2025-09-30"), to: day("2025-10-10")) == 2)
    }

    @Test("Counting working days in a month")
    func countsInAMonth() {
        // February 2026: 20 weekdays, 6 of them off (16-20, 23), plus Sat 14 and Sat 28 = 16.
        #expect(calendar.workingDays(from: day("2026-01-31"), to: day("2026-02-28")) == 16)
        // October 2025: 23 weekdays, 6 of them off (1-3, 6-8), plus Sat 11 = 18.
        #expect(calendar.workingDays(from: day("2025-09-30"), to: day("2025-10-31")) == 18)
        #expect(calendar.workingDays(from: day("2025-10-31"), to: day("2025-09-30")) == -18)
        #expect(calendar.workingDays(from: day("2026-02-15"), to: day("2026-02-15")) == 0)
    }

    @Test("Counting is the inverse of adding, from every day of 2025-2026 and for 0...30 days")
    func countingInvertsAdding() {
        var start = day("2025-01-01")
        while start.year < 2027 {
            for n in [0, 1, 2, 5, 10, 22, 30] {
                let end = calendar.addingWorkingDays(n, to: start)
                if calendar.workingDays(from: start, to: end) != n || (n > 0 && !calendar.isWorkingDay(end)) {
                    Issue.record("from \(start), \(n) working days gave \(end)")
                    return
                }
            }
            start = start.adding(days: 1)
        }
    }

    @Test("Next working day on or after a day")
    func nextWorkingDay() {
        #expect(calendar.nextWorkingDay(onOrAfter: day("2026-02-15")) == day("2026-02-24"))
        #expect(calendar.nextWorkingDay(onOrAfter: day("2026-02-14")) == day("2026-02-14"))   // make-up Saturday
        #expect(calendar.nextWorkingDay(onOrAfter: day("2026-02-24")) == day("2026-02-24"))
        #expect(calendar.nextWorkingDay(onOrAfter: day("2026-03-07")) == day("2026-03-09"))
    }

    @Test("Outside the covered years, plain Monday to Friday")
    func uncoveredYears() {
        // 2027-01-01 is a Friday; with no 2027 arrangement loaded it counts as a working day.
        #expect(calendar.isWorkingDay(day("2027-01-01")))
        #expect(!calendar.isWorkingDay(day("2024-12-29")))   // a Sunday
        #expect(calendar.addingWorkingDays(5, to: day("2027-02-05")) == day("2027-02-12"))
    }
}

@Suite("Arrangements files")
struct ArrangementsFileTests {
    // Year 2099 is invented test data, not a real notice.
    static let file2099 = """
    {
      "years": [
        {
          "year": 2099,
          "source": "test data",
          "holidays": [
            { "name": "春节", "first": "2099-01-20", "last": "2099-01-26" }
          ],
          "makeUpWorkdays": ["2099-01-18"]
        }
      ]
    }
    """

    @Test("A district's file is read from disk and merged over the built-in years")
    func loadAndMerge() throws {
        let path = try temporaryFile(Self.file2099)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let district = try WorkingDayCalendar(contentsOf: path)
        #expect(district.coveredYears == [2099])
        #expect(district.arrangements.first?.source == "test data")
        #expect(district.isWorkingDay(day("2099-01-18")))           // a Sunday, made a working day
        #expect(!district.isWorkingDay(day("2099-01-20")))          // a Tuesday, off
        let merged = try WorkingDayCalendar().merging(district)
        #expect(merged.coveredYears == [2025, 2026, 2099])
        #expect(!merged.isWorkingDay(day("2026-02-16")))
        #expect(!merged.isWorkingDay(day("2099-01-26")))
    }

    @Test("A year in the district's file replaces the same built-in year")
    func mergeReplacesYear() throws {
        let replacement = HolidayArrangement(year: 2026, holidays: [], makeUpWorkdays: [])
        let merged = try WorkingDayCalendar().merging(WorkingDayCalendar(arrangements: [replacement]))
        #expect(merged.coveredYears == [2025, 2026])
        #expect(merged.isWorkingDay(day("2026-02-16")))   // Monday; the replacement has no Spring Festival
    }

    @Test("A byte-order mark from a Windows editor is accepted")
    func byteOrderMark() throws {
        let calendar = try WorkingDayCalendar(json: Data([0xEF, 0xBB, 0xBF] + Array(Self.file2099.utf8)))
        #expect(calendar.coveredYears == [2099])
    }

    @Test("A missing file is named in the error")
    func missingFile() {
        let path = "/nonexistent/youyue-holidays.json"
        let error = #expect(throws: WorkingDayDataError.self) { try WorkingDayCalendar(contentsOf: path) }
        #expect(error?.source == path)
        #expect(error?.description == "/nonexistent/youyue-holidays.json: there is no such file")
    }

    @Test("Broken JSON is reported with its line and column")
    func syntaxErrorFromFile() throws {
        // The comma after the first holiday is missing: the second one starts at line 7, column 9.
        let text = """
        {
          "years": [
            {
              "year": 2099,
              "holidays": [
                { "name": "春节", "first": "2099-01-20", "last": "2099-01-26" }
                { "name": "国庆节", "first": "2099-10-01", "last": "2099-10-07" }
              ],
              "makeUpWorkdays": []
            }
          ]
        }
        """
        let path = try temporaryFile(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: WorkingDayDataError.self) { try WorkingDayCalendar(contentsOf: path) }
        #expect(error?.description == "\(path), line 7, column 9: expected ',' or ']' after the list item")
    }

    @Test("Malformed documents are refused, naming the place and the problem", arguments: MalformedArrangementsDocument.all)
    func malformed(_ document: MalformedArrangementsDocument) {
        let error = #expect(throws: WorkingDayDataError.self) {
            try WorkingDayCalendar(json: Data(document.json.utf8), source: "holidays.json")
        }
        #expect(error?.source == "holidays.json")
        #expect(error?.line == document.line)
        #expect(error?.field == document.field)
        #expect(error?.problem.contains(document.problem) == true, "problem was: \(error?.problem ?? "none")")
    }
}

/// A broken arrangements document and what the error must say about it.
struct MalformedArrangementsDocument: Sendable, CustomTestStringConvertible {
    let name: String
    let json: String
    var line: Int? = nil
    var field: String? = nil
    let problem: String

    var testDescription: String { name }

    /// One year of 2099 test data with `holidays` and `makeUpWorkdays` spliced in.
    static func year(_ year: String = "2099", holidays: String, makeUp: String = "[]", extra: String = "") -> String {
        #"{"years": [{"year": \#(year), "holidays": [\#(holidays)], "makeUpWorkdays": \#(makeUp)\#(extra)}]}"#
    }

    static let springFestival = #"{"name": "春节", "first": "2099-01-20", "last": "2099-01-26"}"#

    static let all: [MalformedArrangementsDocument] = [
        MalformedArrangementsDocument(name: "comma before ]", json: "{\"years\": [\n  1,\n]}", line: 3,
                          problem: "a comma before ']' is not allowed"),
        MalformedArrangementsDocument(name: "unclosed quote", json: "{\"years\": [{\"year\": 2099,\n \"source\": \"test\n}]}", line: 2,
                          problem: "line break or control character inside text in quotes"),
        MalformedArrangementsDocument(name: "top level is a list", json: "[]", problem: "expected an object"),
        MalformedArrangementsDocument(name: "no years", json: #"{"years": []}"#, field: "years", problem: "no year is listed"),
        MalformedArrangementsDocument(name: "impossible date",
                          json: year(holidays: #"{"name": "春节", "first": "2099-01-20", "last": "2099-02-30"}"#),
                          field: "years[0].holidays[0].last", problem: "\"2099-02-30\" is not a date written YYYY-MM-DD"),
        MalformedArrangementsDocument(name: "missing field",
                          json: year(holidays: #"{"name": "春节", "first": "2099-01-20"}"#),
                          field: "years[0].holidays[0].last", problem: "this field is missing"),
        MalformedArrangementsDocument(name: "misspelt field", json: year(holidays: springFestival, extra: #", "makeupWorkdays": []"#),
                          field: "years[0].makeupWorkdays", problem: "unknown field"),
        MalformedArrangementsDocument(name: "year in quotes", json: year(#""2099""#, holidays: springFestival),
                          field: "years[0].year", problem: "expected a whole number"),
        MalformedArrangementsDocument(name: "make-up day on a weekday", json: year(holidays: springFestival, makeUp: #"["2099-01-19"]"#),
                          field: "years[0].makeUpWorkdays[0]", problem: "2099-01-19 is a Monday; make-up working days"),
        MalformedArrangementsDocument(name: "range reversed",
                          json: year(holidays: #"{"name": "春节", "first": "2099-01-26", "last": "2099-01-20"}"#),
                          field: "years[0].holidays[0].last", problem: "2099-01-20 is before the first day, 2099-01-26"),
        MalformedArrangementsDocument(name: "date in another year",
                          json: year(holidays: #"{"name": "国庆节", "first": "2909-10-01", "last": "2909-10-07"}"#),
                          field: "years[0].holidays[0].first", problem: "2909-10-01 is outside the 2099 arrangement"),
        MalformedArrangementsDocument(name: "implausibly long holiday",
                          json: year(holidays: #"{"name": "国庆节", "first": "2099-10-01", "last": "2099-12-07"}"#),
                          field: "years[0].holidays[0]", problem: "国庆节 lasts 68 days"),
        MalformedArrangementsDocument(name: "overlapping holidays",
                          json: year(holidays: springFestival + #", {"name": "又一节", "first": "2099-01-26", "last": "2099-01-27"}"#),
                          field: "years[0].holidays[1]", problem: "2099-01-26 is already a day off in years[0].holidays[0]"),
        MalformedArrangementsDocument(name: "day both off and worked",
                          json: year(holidays: #"{"name": "春节", "first": "2099-01-17", "last": "2099-01-23"}"#,
                                     makeUp: #"["2099-01-17"]"#),
                          field: "years[0].makeUpWorkdays[0]", problem: "2099-01-17 is a make-up working day here but a day off in years[0].holidays[0]"),
        MalformedArrangementsDocument(name: "empty festival name",
                          json: year(holidays: #"{"name": " ", "first": "2099-01-20", "last": "2099-01-26"}"#),
                          field: "years[0].holidays[0].name", problem: "the festival's name is empty"),
        MalformedArrangementsDocument(name: "year listed twice",
                          json: #"{"years": [{"year": 2099, "holidays": [], "makeUpWorkdays": []}, {"year": 2099, "holidays": [], "makeUpWorkdays": []}]}"#,
                          field: "years[1].year", problem: "2099 is already listed at years[0]"),
    ]
}

@Suite("Deadlines")
struct DeadlineTests {
    let policy = DeadlinePolicy()

    @Test("Reply deadline landing in National Day 2025 moves to the first working day after it")
    func replyIntoHoliday() {
        // 2025-07-01 + 3 months = Wed 2025-10-01, off until 10-08; Thu 10-09 is the first working day.
        #expect(policy.replyDeadline(assignedOn: day("2025-07-01")) == day("2025-10-09"))
        // 2025-11-19 + 3 months = Thu 2026-02-19, inside the Spring Festival (02-15..23) → Tue 02-24.
        #expect(policy.replyDeadline(assignedOn: day("2025-11-19")) == day("2026-02-24"))
    }

    @Test("Reply deadline landing on an ordinary Saturday moves to Monday")
    func replyOnWeekend() {
        // 2025-10-10 + 3 months = Sat 2026-01-10 → Mon 2026-01-12.
        #expect(policy.replyDeadline(assignedOn: day("2025-10-10")) == day("2026-01-12"))
    }

    @Test("Month-end clamping: Nov 30 + 3 months is the end of February")
    func monthEndClamping() {
        // 2026-02-28 is a Saturday but a make-up working day, so it stays.
        #expect(policy.replyDeadline(assignedOn: day("2025-11-30")) == day("2026-02-28"))
        // 2024 is a leap year, and 2024-02-29 is a Thursday (2024 is not covered: Mon-Fri applies).
        #expect(policy.replyDeadline(assignedOn: day("2023-11-30")) == day("2024-02-29"))
        // Re-handling, 1 month from an unsatisfied rating on 2026-08-31: Wed 2026-09-30.
        #expect(policy.rehandlingDeadline(ratedUnsatisfiedOn: day("2026-08-31")) == day("2026-09-30"))
    }

    @Test("Complex suggestions get 6 months")
    func complexReply() {
        // 2025-11-04 + 6 months = Mon 2026-05-04, in 劳动节 (05-01..05) → Wed 2026-05-06.
        #expect(policy.replyDeadline(assignedOn: day("2025-11-04"), complex: true) == day("2026-05-06"))
        #expect(policy.replyDeadline(assignedOn: day("2025-11-04"), complex: false) == day("2026-02-04"))
    }

    @Test("Return window: the 5th working day after assignment")
    func returnWindow() {
        #expect(policy.returnWindowEnd(assignedOn: day("2026-02-13")) == day("2026-02-27"))
        #expect(policy.returnWindowEnd(assignedOn: day("2025-09-26")) == day("2025-10-10"))
    }

    @Test("Co-unit opinion and procuratorial replies")
    func otherPeriods() {
        // 2026-01-15 + 1 month = Sun 2026-02-15, first day of the Spring Festival → Tue 02-24.
        #expect(policy.coUnitOpinionDeadline(receivedOn: day("2026-01-15")) == day("2026-02-24"))
        // 2025-12-23 + 2 months = Mon 2026-02-23, last day of the Spring Festival → Tue 02-24.
        #expect(policy.procuratorialReplyDeadline(receivedOn: day("2025-12-23")) == day("2026-02-24"))
        // Urgent: 2025-09-16 + 15 days = 2025-10-01 → Thu 2025-10-09.
        #expect(policy.procuratorialReplyDeadline(receivedOn: day("2025-09-16"), urgent: true) == day("2025-10-09"))
    }

    @Test("Every period is configurable, and so is the rest-day extension")
    func configurable() {
        var custom = DeadlinePolicy()
        custom.extendsDeadlinesOffRestDays = false
        #expect(custom.replyDeadline(assignedOn: day("2025-07-01")) == day("2025-10-01"))
        custom.returnWindow = .workingDays(3)   // Sat 02-14, Tue 02-24, Wed 02-25
        #expect(custom.returnWindowEnd(assignedOn: day("2026-02-13")) == day("2026-02-25"))
        custom.reply = .days(60)                // 2026-01-05 + 60 days = Fri 2026-03-06
        #expect(custom.replyDeadline(assignedOn: day("2026-01-05")) == day("2026-03-06"))
        custom.reminderDaysBefore = [7]
        #expect(custom.notices(for: day("2026-03-06")).map(\.description) == ["reminder-7d on 2026-02-27", "overdue on 2026-03-07"])
    }

    @Test("Periods read from configuration text")
    func periodText() {
        #expect(DeadlinePeriod("3 months") == .months(3))
        #expect(DeadlinePeriod("1 month") == .months(1))
        #expect(DeadlinePeriod("15 days") == .days(15))
        #expect(DeadlinePeriod("5 Working Days") == .workingDays(5))
        #expect(DeadlinePeriod("5 working  days") == .workingDays(5))
        for bad in ["", "3", "months", "0 days", "-1 months", "3 fortnights", "3.5 months"] {
            #expect(DeadlinePeriod(bad) == nil, "\(bad) should be refused")
        }
        #expect(DeadlinePeriod.workingDays(5).description == "5 working days")
        #expect(DeadlinePeriod(DeadlinePeriod.months(6).description) == .months(6))
    }

    @Test("Reminders 15 and 3 calendar days before, overdue the day after")
    func reminders() {
        let deadline = day("2026-02-24")
        #expect(policy.notices(for: deadline) == [
            DeadlineNotice(kind: .reminder(daysBefore: 15), day: day("2026-02-09")),
            DeadlineNotice(kind: .reminder(daysBefore: 3), day: day("2026-02-21")),
            DeadlineNotice(kind: .overdue, day: day("2026-02-25")),
        ])
        #expect(policy.notices(for: deadline).map(\.kind.key) == ["reminder-15d", "reminder-3d", "overdue"])
    }

    @Test("What a timer should have sent by a given day", arguments: [
        ("2026-02-08", nil), ("2026-02-09", "reminder-15d"), ("2026-02-20", "reminder-15d"),
        ("2026-02-21", "reminder-3d"), ("2026-02-24", "reminder-3d"), ("2026-02-25", "overdue"),
        ("2026-04-01", "overdue"),
    ] as [(String, String?)])
    func latestDueNotice(today: String, expected: String?) {
        #expect(policy.latestDueNotice(for: day("2026-02-24"), on: day(today))?.kind.key == expected)
    }

    @Test("Overdue from 00:00 CST on the day after the deadline")
    func overdueInstant() throws {
        let deadline = day("2026-02-24")
        #expect(!policy.isOverdue(deadline, at: try instant("2026-02-24T15:59:59Z")))   // 23:59:59 CST
        #expect(policy.isOverdue(deadline, at: try instant("2026-02-24T16:00:00Z")))    // 00:00 CST 02-25
    }
}

/// A day written `YYYY-MM-DD`; records an issue (rather than crashing the run) for a typo.
private func day(_ text: String) -> CivilDay {
    guard let day = CivilDay(text) else {
        Issue.record("test data: \(text) is not a date")
        return CivilDay(year: 1, month: 1, day: 1)!
    }
    return day
}

private func instant(_ text: String) throws -> Date {
    try Date.ISO8601FormatStyle().parse(text)
}

private func temporaryFile(_ contents: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("youyue-holidays-\(UUID().uuidString).json").path
    try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    return path
}
