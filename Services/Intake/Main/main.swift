import IntakeService
import ServiceKit

// The intake executable: everything is in IntakeService.
try await runService(intakeService)
