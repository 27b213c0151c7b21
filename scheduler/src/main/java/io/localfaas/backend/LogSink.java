package io.localfaas.backend;

/** Receives an instance's output one line at a time (without the line break). Must be quick and must not throw. */
@FunctionalInterface
public interface LogSink {
    void line(LogStream stream, String line);
}
