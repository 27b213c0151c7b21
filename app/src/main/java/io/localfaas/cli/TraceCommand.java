package io.localfaas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.localfaas.loadtest.trace.Trace;
import io.localfaas.loadtest.trace.TraceGenerator;
import io.localfaas.loadtest.trace.TraceReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faas trace generate}: a synthetic trace with a seed, for {@code faas loadtest --trace} and {@code faas simulate}. */
@Command(name = "trace", description = "Invocation traces for faas loadtest --trace and faas simulate.", subcommands = TraceCommand.Generate.class)
final class TraceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", description = {"Write a synthetic trace (the same seed, the same trace): diurnal, bursty and rare-but-regular",
            "functions in turn. Exit 0 ok, 1 failure, 2 bad input."})
    static final class Generate implements Callable<Integer> {
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the trace file to write")
        Path output;

        @Option(names = "--functions", defaultValue = "3", description = "how many functions (default: ${DEFAULT-VALUE})")
        int functions;

        @Option(names = "--minutes", defaultValue = "1440", description = "how long, in minutes (default: ${DEFAULT-VALUE}, a day)")
        int minutes;

        @Option(names = "--peak", defaultValue = "60", description = "a diurnal function's busiest minute, about (default: ${DEFAULT-VALUE} per minute)")
        double peak;

        @Option(names = "--seed", defaultValue = "1", description = "the seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--format", defaultValue = "azure", description = "azure (per-minute counts, Azure Functions 2019 shape) or requests"
                + " (per-request CSV: time in seconds, function) (default: ${DEFAULT-VALUE})")
        String format;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            return LoadOptions.exitCode("faas trace generate", spec.commandLine().getErr(), () -> {
                if (!format.equals("azure") && !format.equals("requests")) {
                    throw new IllegalArgumentException("--format must be azure or requests, not " + format);
                }
                List<TraceGenerator.Row> rows = TraceGenerator.generate(functions, minutes, peak, seed);
                if (format.equals("azure")) {
                    TraceGenerator.writeAzure(rows, output);
                } else {
                    Trace t = TraceGenerator.trace(rows, TraceReader.Spread.RANDOM, seed);
                    TraceGenerator.writeRequests(t, output);
                }
                long total = rows.stream().mapToLong(TraceGenerator.Row::total).sum();
                out.printf("%s: %d functions, %d minutes, %d requests (seed %d)%n", output, functions, minutes, total, seed);
                rows.forEach(r -> out.printf("  %-14s %8d%n", r.name(), r.total()));
                out.flush();
                return 0;
            });
        }
    }
}
