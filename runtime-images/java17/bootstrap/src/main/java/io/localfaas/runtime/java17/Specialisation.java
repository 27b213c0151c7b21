package io.localfaas.runtime.java17;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of a stem cell's {@code POST /specialise} (PROTOCOL.md §10), read: {@code {"environment": {"NAME": "value",
 * ...}}}, the function's whole environment as a start would give it, {@code LOCALFAAS_INSTANCE_KEY} the key every
 * later call must carry.
 *
 * @param environment the function's variables, the runtime-internal ones of §1 left out (never set, never visible)
 * @param key         the instance's new key
 */
record Specialisation(Map<String, String> environment, String key) {
    /** Variables of the runtime itself: read at its start, never the function's. */
    static final Set<String> INTERNAL = Set.of("FC_SERVER_PORT", "FC_SERVER_HOST", "FC_SERVER_PATH", "FC_SERVER_LOG_PATH",
            "FC_STANDALONE", "LOCALFAAS_INSTANCE_KEY_FD", "LOCALFAAS_STEM_CELL", "LOCALFAAS_INSTANCE_KEY");

    Specialisation {
        environment = Map.copyOf(environment);
    }

    /**
     * Sets the function's variables in this JVM's environment ({@link ProcessEnv}) and returns the runtime's
     * configuration read from it as at a start, on the stem cell's own {@code host} and {@code port}, checked with the
     * new key.
     *
     * @throws IllegalStateException when the environment cannot be set
     */
    RuntimeConfig apply(String host, int port) {
        ProcessEnv.putAll(environment);
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("FC_SERVER_PORT", Integer.toString(port));
        env.put("FC_SERVER_HOST", host);
        return RuntimeConfig.fromEnv(env).withInstanceKey(key);
    }

    /** @throws IllegalArgumentException with what is wrong with {@code body} */
    static Specialisation parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
        JsonNode env = root == null ? null : root.get("environment");
        if (env == null || !env.isObject()) {
            throw new IllegalArgumentException("the body must be {\"environment\": {\"NAME\": \"value\", ...}}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        String key = "";
        for (var it = env.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("environment." + e.getKey() + " must be a string");
            }
            if (e.getKey().equals("LOCALFAAS_INSTANCE_KEY")) {
                key = e.getValue().textValue();
            } else if (!INTERNAL.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue().textValue());
            }
        }
        if (!key.matches("[\\x21-\\x7e]{16,}")) {
            throw new IllegalArgumentException("environment.LOCALFAAS_INSTANCE_KEY must be the new instance key");
        }
        return new Specialisation(out, key);
    }
}
