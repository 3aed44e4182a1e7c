import Contracts
import ServiceKit

/// The suggestion as intake has it, if `principal` may refer it (or have fields proposed for it).
/// Another district's suggestion answers exactly as one that does not exist (404), so that nobody
/// learns which ids exist elsewhere; a confidential one (state secrets) never leaves through the
/// bridge, whose referrals go to the procuratorate's case system and show on the public board.
func referableSuggestion(_ id: String, for principal: Principal, environment: ServiceEnvironment) async throws -> IntakeSuggestion {
    let suggestion = try await readSuggestion(id, environment: environment)
    guard suggestion.district == principal.district else { throw Problem.notFound("没有找到这条建议。") }
    guard suggestion.confidential != true else {
        throw Problem.forbidden("涉密建议不通过本系统移送检察院，请按保密规定办理。")
    }
    return suggestion
}
