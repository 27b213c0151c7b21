package io.localfaas.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment an instance starts with: both funcraft's emulator names ({@code FC_HANDLER}, {@code FC_MEMORY_SIZE},
 * …) and the names FC documents ({@code FC_FUNCTION_HANDLER}, {@code FC_FUNCTION_MEMORY_SIZE}, …), then the
 * function's own variables (which may not use the reserved {@code FC_} prefix).
 */
public final class InstanceEnvironment {
    public static final String REGION = "local";
    public static final String ACCOUNT_ID = "0000000000000000";
    /** The gateway's own base URL, for functions that call other functions through it (set by the launcher). */
    public static final String GATEWAY_URL = "LOCALFAAS_GATEWAY_URL";

    private InstanceEnvironment() {
    }

    public static Map<String, String> of(FunctionSpec fn, String instanceId, int port, String codePath) {
        Map<String, String> env = new LinkedHashMap<>(fn.environment());
        env.put("FC_SERVER_PORT", Integer.toString(port));
        env.put("FC_SERVER_HOST", "127.0.0.1");
        env.put("FC_CUSTOM_LISTEN_PORT", Integer.toString(port));
        env.put("FC_FUNC_CODE_PATH", codePath);
        env.put("FC_SERVICE_NAME", fn.service());
        env.put("FC_FUNCTION_NAME", fn.name());
        env.put("FC_HANDLER", fn.handler());
        env.put("FC_FUNCTION_HANDLER", fn.handler());
        fn.initializer().ifPresent(i -> {
            env.put("FC_INITIALIZER", i);
            env.put("FC_INITIALIZER_HANDLER", i);
        });
        fn.preStop().ifPresent(p -> env.put("FC_PRE_STOP_HANDLER", p));
        env.put("FC_MEMORY_SIZE", Integer.toString(fn.memorySize()));
        env.put("FC_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memorySize()));
        env.put("FC_TIMEOUT", Long.toString(fn.timeout().toSeconds()));
        env.put("FC_INITIALIZATION_TIMEOUT", Long.toString(fn.initializationTimeout().toSeconds()));
        env.put("FC_INSTANCE_CONCURRENCY", Integer.toString(fn.instanceConcurrency()));
        env.put("FC_ENABLE_CONCURRENT_INVOKE", Boolean.toString(fn.instanceConcurrency() > 1));
        env.put("FC_INSTANCE_ID", instanceId);
        env.put("FC_REGION", REGION);
        env.put("FC_ACCOUNT_ID", ACCOUNT_ID);
        env.put("FC_QUALIFIER", "LATEST");
        env.put("FC_FUNCTION_VERSION", "LATEST");
        env.put("FC_RUNTIME", fn.runtime().id());
        return env;
    }
}
