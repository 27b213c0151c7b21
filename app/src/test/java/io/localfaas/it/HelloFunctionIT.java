package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The walking skeleton on the real engine: config/hello.yaml through the gateway into a nodejs18 container. */
class HelloFunctionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void initializerRunsOnceBeforeTheFirstInvokeAndTheWarmInstanceIsReused() throws Exception {
        try (RunningPlatform p = new RunningPlatform(RunningPlatform.CONFIG.resolve("hello.yaml"))) {
            HttpResponse<String> first = p.get("/hello?name=a");
            assertEquals(200, first.statusCode(), first.body());
            JsonNode one = JSON.readTree(first.body());
            assertEquals("true", first.headers().firstValue("x-localfaas-cold-start").orElseThrow());
            assertTrue(first.headers().firstValue("x-localfaas-start-breakdown").orElseThrow().contains("init="));
            assertEquals(1, one.get("initCount").asInt(), "initializer ran once");
            assertEquals(1, one.get("invokeCount").asInt());
            assertTrue(one.get("initializedBeforeFirstInvoke").asBoolean(), "initializer ran before the first invoke");
            assertEquals("a", one.get("queries").get("name").asText());
            String requestId = first.headers().firstValue("x-fc-request-id").orElseThrow();
            assertEquals(requestId, one.get("requestId").asText(), "the function saw the gateway's request id");

            HttpResponse<String> second = p.get("/hello");
            assertEquals(200, second.statusCode(), second.body());
            JsonNode two = JSON.readTree(second.body());
            assertEquals("false", second.headers().firstValue("x-localfaas-cold-start").orElseThrow());
            assertFalse(second.headers().firstValue("x-localfaas-start-breakdown").isPresent());
            String instance = first.headers().firstValue("x-localfaas-instance").orElseThrow();
            assertEquals(instance, second.headers().firstValue("x-localfaas-instance").orElseThrow(), "same instance");
            assertEquals(instance, two.get("instanceId").asText(), "FC_INSTANCE_ID is the instance the header names");
            assertEquals(1, two.get("initCount").asInt(), "the initializer did not run again");
            assertEquals(2, two.get("invokeCount").asInt());
            assertEquals(1, p.ownContainers().size(), "one container served both");
        }
    }

    @Test
    void shutdownRemovesEveryContainerOfThePlatform() throws Exception {
        RunningPlatform p = new RunningPlatform(RunningPlatform.CONFIG.resolve("hello.yaml"));
        try (p) {
            assertEquals(200, p.get("/hello").statusCode());
            assertEquals(1, p.ownContainers().size());
        }
        try (RunningPlatform observer = new RunningPlatform(RunningPlatform.CONFIG.resolve("hello.yaml"))) {
            assertEquals(0, observer.ownContainers().size(), "no container labelled by the platform remains");
        }
    }

    @Test
    void errorsAreJsonWithARequestId() throws Exception {
        try (RunningPlatform p = new RunningPlatform(RunningPlatform.CONFIG.resolve("hello.yaml"))) {
            HttpResponse<String> r = p.get("/nowhere");
            assertEquals(404, r.statusCode());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("FunctionNotFound", body.get("errorCode").asText());
            assertEquals(r.headers().firstValue("x-fc-request-id").orElseThrow(), body.get("requestId").asText());
            assertTrue(body.get("errorMessage").asText().contains("/nowhere"));

            HttpResponse<String> viaFcPath = p.get("/2016-08-15/proxy/hello/hello/sub?x=1");
            assertEquals(200, viaFcPath.statusCode(), viaFcPath.body());
            assertEquals("/sub", JSON.readTree(viaFcPath.body()).get("path").asText(), "code sees the path below the FC prefix");
        }
    }
}
