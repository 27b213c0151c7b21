package io.localfaas.runtime.java17;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A function error in the protocol's shape (PROTOCOL.md §4): {@code {"errorMessage", "errorType", "stackTrace"}},
 * where {@code errorType} is the exception's class name (as FC's Java runtime reports it) and {@code stackTrace} holds
 * the frames of the function's own code, {@code pkg.Class.method(File.java:15)}, without the runtime's frames.
 */
final class FunctionError {
    static final String UNHANDLED = "UnhandledInvocationError";

    private FunctionError() {
    }

    /** Raised by the runtime about user code it cannot load or call; {@code errorType} is the given name. */
    static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String errorType;

        LoadException(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        LoadException(String errorType, String message, Throwable cause) {
            super(message, cause);
            this.errorType = errorType;
        }

        String errorType() {
            return errorType;
        }
    }

    /** Removes the reflection wrappers around what the user's code threw. */
    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof InvocationTargetException || e instanceof ExceptionInInitializerError) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static Map<String, Object> body(Throwable thrown) {
        Throwable t = unwrap(thrown);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorMessage", t.getMessage() == null ? "" : t.getMessage());
        body.put("errorType", t instanceof LoadException le ? le.errorType() : t.getClass().getName());
        body.put("stackTrace", stackTrace(t));
        return body;
    }

    static byte[] json(Throwable thrown) {
        try {
            return Json.MAPPER.writeValueAsBytes(body(thrown));
        } catch (JsonProcessingException e) {
            return ("{\"errorMessage\":\"cannot serialise the error\",\"errorType\":\"" + thrown.getClass().getName() + "\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static List<String> stackTrace(Throwable t) {
        List<String> lines = new ArrayList<>();
        Throwable e = t;
        for (int depth = 0; e != null && depth < 8; depth++) {
            if (depth > 0) {
                lines.add("Caused by: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            for (StackTraceElement frame : e.getStackTrace()) {
                if (isRuntimeFrame(frame)) {
                    break; // everything below belongs to the runtime that called the function
                }
                lines.add(format(frame));
            }
            e = e.getCause() == e ? null : e.getCause();
        }
        return lines;
    }

    private static boolean isRuntimeFrame(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("io.localfaas.runtime.java17.") || c.startsWith("jdk.internal.reflect.")
                || c.startsWith("java.lang.reflect.");
    }

    static String format(StackTraceElement frame) {
        String where = frame.isNativeMethod() ? "Native Method"
                : frame.getFileName() == null ? "Unknown Source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}
