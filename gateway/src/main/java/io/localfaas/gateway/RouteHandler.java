package io.localfaas.gateway;

import java.util.TreeSet;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The entry for function requests, on the I/O thread: routes the request to the HTTP-trigger path or the invoke-API
 * path, or answers why there is no function to call.
 */
final class RouteHandler implements HttpHandler {
    private final FunctionRoutes routes;
    private final HttpTriggerHandler httpTrigger;
    private final InvokeApiHandler invokeApi;

    RouteHandler(FunctionRoutes routes, HttpTriggerHandler httpTrigger, InvokeApiHandler invokeApi) {
        this.routes = routes;
        this.httpTrigger = httpTrigger;
        this.invokeApi = invokeApi;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        boolean fcPath = Router.isFcPath(path);
        java.util.Deque<String> qualifier = exchange.getQueryParameters().get("qualifier");
        Route route = routes.resolve(exchange.getRequestMethod().toString(),
                java.util.Optional.ofNullable(exchange.getRequestHeaders().getFirst(io.undertow.util.Headers.HOST)), path,
                qualifier == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(qualifier.peekFirst()));
        try {
            if (route instanceof Route.Found found) {
                Exchanges.access(exchange).function = found.function();
                httpTrigger.handle(exchange, found, fcPath);
            } else if (route instanceof Route.Invoke invoke) {
                Exchanges.access(exchange).function = invoke.function();
                invokeApi.handle(exchange, invoke.function());
            } else {
                if (route instanceof Route.MethodNotAllowed m && !fcPath) {
                    Exchanges.header(exchange, "Allow", String.join(", ", new TreeSet<>(m.allowed())));
                }
                if (fcPath && route instanceof Route.MethodNotAllowed) {
                    Exchanges.header(exchange, HeaderNames.ERROR_TYPE, "FcCommonError");
                }
                Exchanges.sendError(exchange, ErrorResponse.from(route, fcPath));
            }
        } catch (RuntimeException e) {
            Forwarding.internalError(exchange, e);
        }
    }
}
