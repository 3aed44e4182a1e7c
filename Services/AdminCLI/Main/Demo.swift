import AdminKit
import ArgumentParser
import Foundation
import ServiceKit

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk one story through the running suite: a QR submission to a closed case, a public rating and a procuratorate referral.",
        discussion: "Needs `youyue up` running and `youyue seed` done. Prints each step in Chinese with the page that shows it; exits non-zero naming the step that failed.")

    @OptionGroup var suite: SuiteAddressOptions

    func run() async throws {
        do {
            try await withHTTPClient { client in
                let credentials = try await suite.credentials(client)
                try await credentials.verify(against: suite.urls()[.intake] ?? "", httpClient: client)
                try await DemoStory(urls: suite.urls(), signer: credentials.requireSigner(for: "The demo (it acts as each person in the story)"), httpClient: client).run(say: { say($0) })
            }
            say("演示完成：一条意见从扫码提交到办结、评价和移送检察院，全程可查。")
        } catch let failed as DemoStepFailed {
            say(failed.description)
            throw ExitCode(1)
        }
    }
}
