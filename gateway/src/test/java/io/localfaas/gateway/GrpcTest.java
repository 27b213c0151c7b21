package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.spec.FunctionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of gRPC through the gateway: the error table, what a gRPC request is, grpc-message's encoding, refusals. */
class GrpcTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> grpc-status {1}")
    @CsvSource({
            "START_FAILED, 14",        // UNAVAILABLE: the instance did not start
            "INIT_FAILED, 14",
            "INIT_TIMEOUT, 4",         // DEADLINE_EXCEEDED
            "INSTANCE_CRASHED, 14",
            "FUNCTION_TIMEOUT, 4",
            "BACKEND_UNAVAILABLE, 14",
            "THROTTLED, 8",            // RESOURCE_EXHAUSTED
            "SHUTTING_DOWN, 14",
            "FUNCTION_NOT_FOUND, 12"   // UNIMPLEMENTED
    })
    void everyPlatformFailureHasItsGrpcStatus(Kind kind, int status) {
        assertEquals(status, Grpc.status(ErrorResponse.from(PlatformException.of(kind, "m"))));
    }

    @ParameterizedTest(name = "{0} {1} -> grpc-status {2}")
    @CsvSource({
            "401, InvalidToken, 16",        // UNAUTHENTICATED
            "400, EntityTooLarge, 8",
            "413, EntityTooLarge, 8",
            "400, InvalidArgument, 3",
            "400, GrpcNotSupported, 12",
            "404, FunctionNotFound, 12",
            "405, MethodNotAllowed, 12",
            "403, MethodNotAllowed, 12",
            "400, PathNotSupported, 12",
            "500, InternalServerError, 13",
            // otherwise the gRPC spec's HTTP mapping
            "400, Other, 13",
            "403, AccessDenied, 7",
            "404, Other, 12",
            "429, Other, 14",
            "502, Other, 14",
            "503, Other, 14",
            "504, Other, 14",
            "418, Other, 2"
    })
    void everyGatewayErrorHasItsGrpcStatus(int status, String code, int grpc) {
        assertEquals(grpc, Grpc.status(ErrorResponse.of(status, code, "m")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "application/grpc|true",
            "application/grpc+proto|true",
            "Application/GRPC+json|true",
            "application/grpc; charset=utf-8|true",
            "application/grpc-web|false",
            "application/grpc-web+proto|false",
            "application/json|false",
            "''|false"
    })
    void aGrpcContentType(String contentType, boolean grpc) {
        assertEquals(grpc, Grpc.isGrpcContentType(contentType));
    }

    @Test
    void grpcMessageIsPercentEncodedUtf8() {
        assertEquals("plain text: ok!", Grpc.encodeMessage("plain text: ok!"));
        assertEquals("100%25 caf%C3%A9%0Anext", Grpc.encodeMessage("100% café\nnext"));
    }

    @Test
    void onlyFunctionsThatServeThemselvesServeGrpc() throws Exception {
        assertEquals("GrpcNotSupported", Grpc.refusal(spec("n:\n    runtime: nodejs18\n    codeUri: ./\n    handler: index.handler\n"), false)
                .orElseThrow().errorCode());
        FunctionSpec custom = spec("c:\n    runtime: custom-container\n    image: x/y:1\n");
        assertEquals(true, Grpc.refusal(custom, false).isEmpty());
        assertEquals("GrpcNotSupported", Grpc.refusal(custom, true).orElseThrow().errorCode());
    }

    private FunctionSpec spec(String function) throws Exception {
        return TestSpecs.function(dir, function);
    }
}
