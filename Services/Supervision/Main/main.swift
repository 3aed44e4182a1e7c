import SupervisionService
import ServiceKit

try await runService(supervisionService)
