import ConsoleService
import EvaluationService
import IntakeService
import ProcuratorateBridgeService
import RoutingService
import ServiceKit
import SupervisionService

/// The six services `youyue up` runs, in start order.
public let suiteServices: [ServiceDefinition] = [
    intakeService, routingService, supervisionService, evaluationService, procuratorateBridgeService, consoleService,
]
