import RoutingService
import ServiceKit

try await runService(routingService)
