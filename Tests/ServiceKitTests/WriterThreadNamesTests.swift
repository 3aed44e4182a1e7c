import Foundation
import Testing
@testable import ServiceKit
import TestSupport

/// An operator looking at a busy service with `top -H` or `ps -T` sees which thread is SQLite's
/// writer, instead of a name it inherited from whichever thread started it.
@Suite("SQLite's threads are named")
struct WriterThreadNamesTests {
    @Test("an open SQLite database runs a thread named sqlite-writer")
    func threadsCarryTheirNames() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try SQLiteDatabase(path: folder + "/names.sqlite")
        // The threads name themselves as they start; give them a moment.
        var names: Set<String> = []
        for _ in 0..<100 {
            names = threadNames()
            if names.contains("sqlite-writer") { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        await db.close()
        #expect(names.contains("sqlite-writer"))
    }

    /// The kernel's names of this process's threads.
    private func threadNames() -> Set<String> {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return Set(tasks.compactMap { task in
            (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        })
    }
}
