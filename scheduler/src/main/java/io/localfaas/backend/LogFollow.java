package io.localfaas.backend;

/** A running follow of an instance's output; closing it stops the follow. Never throws. */
public interface LogFollow extends AutoCloseable {
    LogFollow NONE = () -> {
    };

    @Override
    void close();
}
