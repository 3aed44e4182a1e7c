/// The State Council's holiday arrangements the suite ships with, in the arrangements file format
/// (see `WorkingDayCalendar+Loading.swift`). Embedded so that a container needs no data file; a
/// district adds later years with its own file (`WorkingDayCalendar(contentsOf:)`, `merging`).
/// Copied from reference/RULES-CN.md; add a year here when the State Council publishes it.
public let defaultWorkingDayArrangements = #"""
{
  "years": [
    {
      "year": 2025,
      "source": "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
      "holidays": [
        { "name": "元旦", "first": "2025-01-01", "last": "2025-01-01" },
        { "name": "春节", "first": "2025-01-28", "last": "2025-02-04" },
        { "name": "清明节", "first": "2025-04-04", "last": "2025-04-06" },
        { "name": "劳动节", "first": "2025-05-01", "last": "2025-05-05" },
        { "name": "端午节", "first": "2025-05-31", "last": "2025-06-02" },
        { "name": "国庆节、中秋节", "first": "2025-10-01", "last": "2025-10-08" }
      ],
      "makeUpWorkdays": ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]
    },
    {
      "year": 2026,
      "source": "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
      "holidays": [
        { "name": "元旦", "first": "2026-01-01", "last": "2026-01-03" },
        { "name": "春节", "first": "2026-02-15", "last": "2026-02-23" },
        { "name": "清明节", "first": "2026-04-04", "last": "2026-04-06" },
        { "name": "劳动节", "first": "2026-05-01", "last": "2026-05-05" },
        { "name": "端午节", "first": "2026-06-19", "last": "2026-06-21" },
        { "name": "中秋节", "first": "2026-09-25", "last": "2026-09-27" },
        { "name": "国庆节", "first": "2026-10-01", "last": "2026-10-07" }
      ],
      "makeUpWorkdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    }
  ]
}
"""#
