import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The machine clients API, for the admin CLI (`youyue clients …`) and district IT's scripts.
func addMachineClientRoutes(to router: Router<ServiceRequestContext>, environment: ServiceEnvironment) {
    let clients = router.group("api/v1/clients")
    @Sendable func address(_ request: Request, _ context: ServiceRequestContext) -> String {
        context.clientAddress(of: request, trusting: environment.configuration.trustedProxies) ?? "unknown"
    }
    clients.get { _, context in
        try jsonResponse(try await MachineClientOperations.list(by: try context.requirePrincipal(), environment: environment))
    }
    clients.post { request, context in
        let input = try await request.decode(as: MachineClientInput.self, context: context)
        return try jsonResponse(try await MachineClientOperations.add(input, by: try context.requirePrincipal(), address: address(request, context), environment: environment),
                                status: .created)
    }
    clients.post("{id}/disable") { request, context in
        try jsonResponse(try await MachineClientOperations.setStatus(try context.parameters.require("id"), .disabled, by: try context.requirePrincipal(),
                                                                     address: address(request, context), environment: environment))
    }
    clients.post("{id}/enable") { request, context in
        try jsonResponse(try await MachineClientOperations.setStatus(try context.parameters.require("id"), .enabled, by: try context.requirePrincipal(),
                                                                     address: address(request, context), environment: environment))
    }
    clients.post("{id}/rotate-secret") { request, context in
        try jsonResponse(try await MachineClientOperations.rotateSecret(try context.parameters.require("id"), by: try context.requirePrincipal(),
                                                                        address: address(request, context), environment: environment))
    }
}
