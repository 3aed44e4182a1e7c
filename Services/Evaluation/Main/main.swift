import EvaluationService
import ServiceKit

try await runService(evaluationService)
