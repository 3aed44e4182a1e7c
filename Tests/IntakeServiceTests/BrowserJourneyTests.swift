import Foundation
import IntakeService
import ServiceKit
import TestSupport
import Testing

/// A real phone-sized browser (headless Chromium through selenium) scans its way in: opens the
/// station page, gets a Chinese error for a too-short opinion, submits a real one, reads the
/// receipt code and opens the receipt page. The journey lives in scripts/browser/phone_journey.py.
@Suite("Browser journey")
struct BrowserJourneyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct JourneyResult: Decodable {
        let receiptCode: String
        let receiptStatus: String
        let screenshots: [String]
    }

    @Test("on a phone: station page, error in Chinese, submission, receipt code, receipt page")
    func phoneJourney() async throws {
        try await requireBrowser()
        let port = try await reservePort()
        let base = "http://127.0.0.1:\(port)"
        try await IntakeAPITests.withSeededIntake(.sqlite, port: port, publicBaseURL: base) { intake, _ in
            let screenshots = try temporaryFolder()
            let (status, output, errors) = try await runJourney(["--base-url", base, "--station", "jh-minzu-office", "--screenshots", screenshots])
            #expect(status == 0, "phone_journey.py failed:\n\(errors)")
            guard status == 0, let line = output.split(separator: "\n").last else { return }
            let result = try JSONDecoder().decode(JourneyResult.self, from: Data(line.utf8))
            #expect(result.screenshots.count == 4)
            // The code the browser read off the thank-you page is a real receipt.
            let receipt = try await http(.GET, intake.baseURL + "/api/v1/receipts/\(result.receiptCode)")
            #expect(receipt.status == 200 && receipt.body.contains("小区门口的路灯坏了一个多月"))
            #expect(result.receiptStatus.hasPrefix("已受理"))
        }
    }

    func requireBrowser() async throws {
        let files = FileManager.default
        guard files.isExecutableFile(atPath: "/usr/bin/chromium"), files.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            try skipOrFail("Chromium skipped: needs Debian's chromium and chromium-driver (bash scripts/browser/install.sh; .ci/run does)")
        }
        guard (try? await runProcess("/usr/bin/env", ["python3", "-c", "import selenium"]).status) == 0 else {
            try skipOrFail("Chromium skipped: needs selenium from PyPI (bash scripts/browser/install.sh; .ci/run does)")
        }
    }

    func runJourney(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        try await runBrowserCheck("phone_journey.py", arguments)
    }
}

