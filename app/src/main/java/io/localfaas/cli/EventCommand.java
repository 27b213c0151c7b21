package io.localfaas.cli;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.localfaas.events.FcEvents;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code faas event TYPE}: prints a sample FC event to start from ({@code faas event oss > event.json}). */
@Command(name = "event", description = "Print a sample Function Compute event (timer, oss, http, mns) to start from.")
final class EventCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", description = "one of: timer, oss, http, mns")
    String type;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (type == null) {
            spec.commandLine().getOut().println(String.join("\n", FcEvents.TYPES));
            return 0;
        }
        Optional<String> sample = FcEvents.sample(type, clock.instant());
        if (sample.isEmpty()) {
            spec.commandLine().getErr().println("faas: error: unknown event type " + type + "; known: " + String.join(", ", FcEvents.TYPES));
            return 2;
        }
        spec.commandLine().getOut().println(sample.get());
        return 0;
    }
}
