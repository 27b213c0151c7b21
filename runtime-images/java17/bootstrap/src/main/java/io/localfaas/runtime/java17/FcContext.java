package io.localfaas.runtime.java17;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.aliyun.fc.runtime.Context;
import com.aliyun.fc.runtime.Credentials;
import com.aliyun.fc.runtime.FunctionComputeLogger;
import com.aliyun.fc.runtime.FunctionParam;
import com.aliyun.fc.runtime.OpenTracing;
import com.aliyun.fc.runtime.Service;

/**
 * The {@link Context} of one call, built from the request's {@code x-fc-*} headers, falling back to the environment
 * the instance started with (PROTOCOL.md §2).
 */
final class FcContext implements Context {
    private final String requestId;
    private final Credentials credentials;
    private final FunctionParam functionParam;
    private final Service service;
    private final FunctionComputeLogger logger;
    private final OpenTracing tracing;
    private final int retryCount;

    private FcContext(String requestId, Credentials credentials, FunctionParam functionParam, Service service,
            OpenTracing tracing, int retryCount) {
        this.requestId = requestId;
        this.credentials = credentials;
        this.functionParam = functionParam;
        this.service = service;
        this.logger = new FcLogger(requestId);
        this.tracing = tracing;
        this.retryCount = retryCount;
    }

    /**
     * @param headers the request's headers, lower-case names
     * @param env     the environment snapshot taken at start
     */
    static FcContext of(String requestId, Map<String, List<String>> headers, Map<String, String> env) {
        Function<String, String> h = name -> {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        };
        Credentials credentials = new Creds(
                first(h.apply("x-fc-access-key-id"), env.get("ALIBABA_CLOUD_ACCESS_KEY_ID"), env.get("FC_ACCESS_KEY_ID")),
                first(h.apply("x-fc-access-key-secret"), env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), env.get("FC_ACCESS_KEY_SECRET")),
                first(h.apply("x-fc-security-token"), env.get("ALIBABA_CLOUD_SECURITY_TOKEN"), env.get("FC_SECURITY_TOKEN")));
        FunctionParam param = new Param(
                first(h.apply("x-fc-function-name"), env.get("FC_FUNCTION_NAME")),
                first(h.apply("x-fc-function-handler"), env.get("FC_FUNCTION_HANDLER"), env.get("FC_HANDLER")),
                first(h.apply("x-fc-function-initializer"), env.get("FC_INITIALIZER"), env.get("FC_INITIALIZER_HANDLER")),
                toInt(h.apply("x-fc-function-timeout"), env.get("FC_TIMEOUT")) * 1000,
                toInt(h.apply("x-fc-function-memory"), env.get("FC_FUNCTION_MEMORY_SIZE"), env.get("FC_MEMORY_SIZE")));
        Service service = new Svc(
                first(h.apply("x-fc-service-name"), env.get("FC_SERVICE_NAME")),
                first(h.apply("x-fc-service-logproject"), env.get("FC_SERVICE_LOG_PROJECT")),
                first(h.apply("x-fc-service-logstore"), env.get("FC_SERVICE_LOG_STORE")),
                first(h.apply("x-fc-qualifier"), env.get("FC_QUALIFIER")),
                first(h.apply("x-fc-version-id"), env.get("FC_FUNCTION_VERSION"), env.get("FC_VER_ID")));
        OpenTracing tracing = new Tracing(
                first(h.apply("x-fc-tracing-opentracing-span-context")),
                baggages(h.apply("x-fc-tracing-opentracing-span-baggages")),
                first(h.apply("x-fc-tracing-jaeger-endpoint")));
        return new FcContext(requestId, credentials, param, service, tracing, toInt(h.apply("x-fc-retry-count")));
    }

    @Override
    public String getRequestId() {
        return requestId;
    }

    @Override
    public Credentials getExecutionCredentials() {
        return credentials;
    }

    @Override
    public FunctionParam getFunctionParam() {
        return functionParam;
    }

    @Override
    public Service getService() {
        return service;
    }

    @Override
    public FunctionComputeLogger getLogger() {
        return logger;
    }

    @Override
    public OpenTracing getTracing() {
        return tracing;
    }

    @Override
    public int getRetryCount() {
        return retryCount;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static int toInt(String... values) {
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                // try the next source
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> baggages(String base64Json) {
        if (base64Json == null || base64Json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = Json.MAPPER.readValue(new String(Base64.getDecoder().decode(base64Json.trim()),
                    StandardCharsets.UTF_8), Map.class);
            Map<String, String> out = new java.util.LinkedHashMap<>();
            parsed.forEach((k, v) -> out.put(k, String.valueOf(v)));
            return out;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private record Creds(String accessKeyId, String accessKeySecret, String securityToken) implements Credentials {
        @Override
        public String getAccessKeyId() {
            return accessKeyId;
        }

        @Override
        public String getAccessKeySecret() {
            return accessKeySecret;
        }

        @Override
        public String getSecurityToken() {
            return securityToken;
        }
    }

    private record Param(String name, String handler, String initializer, int timeLimitMillis, int memoryMb) implements FunctionParam {
        @Override
        public String getFunctionName() {
            return name;
        }

        @Override
        public String getFunctionHandler() {
            return handler;
        }

        @Override
        public String getFunctionInitializer() {
            return initializer;
        }

        @Override
        public int getExecTimeLimitInMillis() {
            return timeLimitMillis;
        }

        @Override
        public int getMemoryLimitInMB() {
            return memoryMb;
        }
    }

    private record Svc(String name, String logProject, String logStore, String qualifier, String versionId) implements Service {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getLogProject() {
            return logProject;
        }

        @Override
        public String getLogStore() {
            return logStore;
        }

        @Override
        public String getQualifier() {
            return qualifier;
        }

        @Override
        public String getVersionId() {
            return versionId;
        }
    }

    private record Tracing(String spanContext, Map<String, String> spanBaggages, String jaegerEndpoint) implements OpenTracing {
        @Override
        public String getSpanContext() {
            return spanContext;
        }

        @Override
        public Map<String, String> getSpanBaggages() {
            return spanBaggages;
        }

        @Override
        public String getJaegerEndpoint() {
            return jaegerEndpoint;
        }
    }
}
