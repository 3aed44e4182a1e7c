import ConsoleService
import ServiceKit

try await runService(consoleService)
