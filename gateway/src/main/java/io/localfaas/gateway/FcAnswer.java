package io.localfaas.gateway;

import java.util.Optional;

import io.localfaas.failure.PlatformException;
import io.localfaas.port.Slot;
import io.localfaas.protocol.RequestHead;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * FC's answer styles as one table (fc-compat.md): how an entry turns an instance's answer into its client's.
 * <pre>
 * style       passes through  body                         function error   platform error carrying the function's JSON
 * TRIGGER     yes             the instance's, as it is      502 + JSON       error's status, UnhandledInvocationError
 * EVENT       no (read whole) FC 3.0's mapped HTTP result   502 + JSON       error's status, UnhandledInvocationError
 * INVOKE_API  no (read whole) 200, the result               200 + JSON       only INIT_FAILED: 200, InitializationError
 * </pre>
 * Every function error carries {@code x-fc-error-type}; any other platform error is the JSON error of
 * {@link ErrorResponse#from}.
 */
enum FcAnswer implements Answer {
    /** An HTTP trigger (FC 2 and FC 3.0 proxy paths, custom runtimes and containers). */
    TRIGGER(true, 502, Body.AS_IS),
    /** An HTTP trigger of FC 3.0's style in front of a built-in runtime: the result is the v1 HTTP event's answer. */
    EVENT(false, 502, Body.HTTP_EVENT_RESULT),
    /** The invoke API: the result as the body. */
    INVOKE_API(false, 200, Body.RESULT);

    /** What the client's body is made of. */
    enum Body { AS_IS, HTTP_EVENT_RESULT, RESULT }

    /** A reply's status and error type. */
    record Reply(int status, String errorType) {
    }

    private final boolean passesThrough;
    private final int functionErrorStatus;
    private final Body body;

    FcAnswer(boolean passesThrough, int functionErrorStatus, Body body) {
        this.passesThrough = passesThrough;
        this.functionErrorStatus = functionErrorStatus;
        this.body = body;
    }

    @Override
    public boolean passesThrough() {
        return passesThrough;
    }

    /** The status of a function error's answer (its JSON as the body, {@code x-fc-error-type} its type). */
    int functionErrorStatus() {
        return functionErrorStatus;
    }

    Body body() {
        return body;
    }

    /**
     * Pure: how a platform error that carries the function's error JSON (a crash's, a failed initializer's) is answered;
     * empty when it is answered as a JSON error instead.
     */
    Optional<Reply> functionBodyReply(PlatformException.Kind kind, int errorStatus) {
        if (this == INVOKE_API) {
            // FC3: a failed initializer answers the invoke API 200 with X-Fc-Error-Type: InitializationError.
            return kind == PlatformException.Kind.INIT_FAILED ? Optional.of(new Reply(200, "InitializationError")) : Optional.empty();
        }
        return Optional.of(new Reply(errorStatus, "UnhandledInvocationError"));
    }

    @Override
    public void whole(HttpServerExchange exchange, Slot slot, int status, HeaderMap headers, Optional<String> errorType,
            byte[] result) {
        Forwarding.served(exchange, slot);
        if (errorType.isPresent()) {
            Forwarding.sendFunctionError(exchange, functionErrorStatus, errorType.get(), result);
            return;
        }
        switch (body) {
            case AS_IS -> {
                copyHead(exchange, status, headers);
                Forwarding.sendFromIoThread(exchange, result);
            }
            case HTTP_EVENT_RESULT -> eventReply(exchange, result);
            case RESULT -> {
                exchange.setStatusCode(200);
                String type = headers.getFirst(Headers.CONTENT_TYPE);
                exchange.getResponseHeaders().put(Exchanges.CONTENT_TYPE, type == null ? "application/octet-stream" : type);
                Forwarding.sendFromIoThread(exchange, result);
            }
        }
    }

    @Override
    public void head(HttpServerExchange exchange, Slot slot, int status, HeaderMap headers) {
        if (!passesThrough) {
            throw new IllegalStateException(this + " reads every answer whole");
        }
        Forwarding.served(exchange, slot);
        copyHead(exchange, status, headers);
    }

    @Override
    public void platformError(HttpServerExchange exchange, PlatformException e) {
        ErrorResponse error = ErrorResponse.from(e);
        Optional<Reply> reply = e.functionErrorBody().isPresent() ? functionBodyReply(e.kind(), error.status()) : Optional.empty();
        if (reply.isPresent()) {
            Forwarding.sendFunctionError(exchange, reply.get().status(), reply.get().errorType(), e.functionErrorBody().get());
        } else {
            Exchanges.sendError(exchange, error);
        }
    }

    private static void copyHead(HttpServerExchange exchange, int status, HeaderMap headers) {
        HeaderMap out = exchange.getResponseHeaders();
        for (HeaderValues values : headers) {
            if (HeaderNames.forwardResponse(values.getHeaderName().toString())) {
                out.putAll(values.getHeaderName(), values);
            }
        }
        exchange.setStatusCode(status);
    }

    /** FC 3.0: the function's result mapped to the HTTP answer it describes. */
    private static void eventReply(HttpServerExchange exchange, byte[] result) {
        Optional<HttpEvent.Reply> reply = HttpEvent.answer(result);
        if (reply.isEmpty()) {
            Exchanges.sendError(exchange, ErrorResponse.of(502, "BadResponse", "the function's response is malformed: statusCode must be"
                    + " a number 100-599, and body valid base64 when isBase64Encoded is true"));
            return;
        }
        reply.get().headers().forEach((name, value) -> {
            HttpString header = HttpString.tryFromString(name);
            if (header != null && HeaderNames.forwardResponse(name) && RequestHead.safe(value)) {
                exchange.getResponseHeaders().put(header, value);
            }
        });
        exchange.setStatusCode(reply.get().status());
        Forwarding.sendFromIoThread(exchange, reply.get().body());
    }
}
