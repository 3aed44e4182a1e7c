import IntakeService
import ServiceKit

try await runService(intakeService)
