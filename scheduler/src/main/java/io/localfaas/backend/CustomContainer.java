package io.localfaas.backend;

import java.util.List;

/**
 * How a custom container runs: in a network namespace of its own (a bridge network), listening on
 * {@code containerPort} on all its interfaces, with that port published on {@code 127.0.0.1:<launch port>} only.
 *
 * @param command replaces the image's entrypoint when not empty
 * @param args    replaces the image's command when not empty
 */
public record CustomContainer(int containerPort, List<String> command, List<String> args) {
    public CustomContainer {
        command = List.copyOf(command);
        args = List.copyOf(args);
    }
}
