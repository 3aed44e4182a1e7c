import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The printable referral letter, for those who may read the referral itself: district staff,
/// council members and admins of the district, and the district's procuratorate. A referral of
/// another district is a 404, as it is in the JSON.
func addLetterRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment, signer: DocumentSigner) throws {
    let database = environment.database
    let pages = try PageRenderer(templates: ["referralLetter": referralLetterTemplate])
    let letters = router.group("referrals")

    letters.get("{id}/letter") { _, context in
        let principal = try context.requirePrincipal()
        guard let view = try await referralView(database, id: try context.parameters.require("id"), district: principal.district,
                                                today: CivilDay(environment.clock.now())) else { throw Problem.notFound("没有这份移送。") }
        let number = try await letterNumber(database, view: view)
        return pages.page("referralLetter", referralLetterValues(view, number: number, signer: signer, suite: environment.suite,
                                                                 publicBaseURL: environment.configuration.publicBaseURL))
    }
}
