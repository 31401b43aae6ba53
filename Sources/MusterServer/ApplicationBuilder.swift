import Hummingbird
import HummingbirdCore
import Logging
import MusterApp
import Prometheus
import ServiceLifecycle

/// Builds the Hummingbird application: middleware, routes and the services it runs.
///
/// The executable and the tests share this function, so what is tested is what is served.
/// - Parameters:
///   - useCases: The use-case layer every route calls.
///   - configuration: Where to listen.
///   - metrics: The registry `/metrics` exposes; request metrics are recorded into it.
///   - services: Services to run alongside the server, such as the database client.
///   - logger: The application's logger.
///   - onListening: Called with the bound port once the server accepts connections.
public func buildApplication(
    useCases: UseCases,
    configuration: ServerConfiguration,
    metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    services: [any Service] = [],
    logger: Logger,
    onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(useCases: useCases, metrics: metrics)
    let limit = InFlightLimit(limit: 256)
    return Application(
        router: behindDoors(router, limit: limit),
        server: HTTPServerBuilder { responder in
            AnswerStreamChannel(
                responder: responder,
                stream: AnswerStream(
                    useCases: useCases, limit: limit,
                    instruments: RequestMetricsMiddleware.Instruments(registry: metrics),
                    idleTimeout: configuration.streamIdleTimeout),
                connectionIdleTimeout: configuration.connectionIdleTimeout)
        },
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "Muster"
        ),
        services: services + [DeadlineService(useCases: useCases, logger: logger)],
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// `router` behind the server's doors (see ``AdmittingResponder``): starts admitted by the
/// admission gate, at most `limit` other requests (256 by default; answer streams' saves share
/// it) served at once, each on a child task.
func behindDoors(
    _ router: Router<MusterRequestContext>, limit: InFlightLimit = InFlightLimit(limit: 256)
) -> AdmittingRouter<Router<MusterRequestContext>> {
    AdmittingRouter(router: router, limit: limit, starts: AdmissionGate())
}

/// Builds the router with Muster's middleware chain and every route.
public func buildRouter(useCases: UseCases, metrics: PrometheusCollectorRegistry) -> Router<MusterRequestContext> {
    let router = Router(context: MusterRequestContext.self)
    router.addMiddleware {
        RequestIDMiddleware()
        RequestMetricsMiddleware(registry: metrics)
        ErrorMappingMiddleware()
        AuthenticationMiddleware(useCases: useCases)
    }
    let routes = SecuredRoutes(router: router)
    SystemRoutes(useCases: useCases, metrics: metrics).register(on: routes)
    AccountRoutes(useCases: useCases).register(on: routes)
    BankRoutes(useCases: useCases).register(on: routes)
    PolicyRoutes(useCases: useCases).register(on: routes)
    OfficerRoutes(useCases: useCases).register(on: routes)
    UnitRoutes(useCases: useCases).register(on: routes)
    TrackRoutes(useCases: useCases).register(on: routes)
    ReadinessRoutes(useCases: useCases).register(on: routes)
    PromotionRoutes(useCases: useCases).register(on: routes)
    ExamRoutes(useCases: useCases).register(on: routes)
    SittingRoutes(useCases: useCases).register(on: routes)
    AttemptRoutes(useCases: useCases).register(on: routes)
    AnswerStreamRoutes(useCases: useCases).register(on: routes)
    GradingRoutes(useCases: useCases).register(on: routes)
    return router
}
