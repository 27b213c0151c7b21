package io.localfaas.runtime.java17;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Sets variables in this JVM's own environment, so that {@code System.getenv} (and processes the function starts) see
 * them: a stem cell (PROTOCOL.md §10) learns its function's environment only after its JVM started. The JDK keeps the
 * environment in {@code java.lang.ProcessEnvironment}, behind {@code Collections.unmodifiableMap}; the launcher opens
 * {@code java.base/java.lang} and {@code java.base/java.util} to this code for it ({@code --add-opens}), for stem cells
 * only. The C library's copy ({@code /proc/self/environ}, native {@code getenv}) keeps the stem cell's own variables.
 */
final class ProcessEnv {
    private ProcessEnv() {
    }

    /**
     * Puts {@code variables} into the environment {@code System.getenv} reads.
     *
     * @throws IllegalStateException when the JVM does not let the environment be changed (the packages are not opened)
     */
    static void putAll(Map<String, String> variables) {
        writable().putAll(variables);
    }

    /** Finds the map (a stem cell's warm-up: the reflection's first use), changing nothing. */
    static void writableForWarmUp() {
        writable();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> writable() {
        try {
            Field env = Class.forName("java.lang.ProcessEnvironment").getDeclaredField("theUnmodifiableEnvironment");
            env.setAccessible(true);
            Object unmodifiable = env.get(null);
            Field inner = unmodifiable.getClass().getDeclaredField("m");
            inner.setAccessible(true);
            return (Map<String, String>) inner.get(unmodifiable);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot set the function's environment in this JVM (it needs --add-opens "
                    + "java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED): " + e, e);
        }
    }
}
