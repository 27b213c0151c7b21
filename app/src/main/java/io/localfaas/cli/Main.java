package io.localfaas.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faas}: run, validate and inspect localfaas. Exit codes: 0 ok, 1 failure, 2 invalid input or config, 3 no engine. */
@Command(name = "faas", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, scope = CommandLine.ScopeType.INHERIT,
        description = "A local Function-as-a-Service platform for Function Compute functions.",
        subcommands = {UpCommand.class, ValidateCommand.class, BuildCommand.class, BackendCommand.class, EventCommand.class, InvokeCommand.class,
                LogsCommand.class, LoadtestCommand.class, TuneCommand.class, ExportCommand.class, TraceCommand.class, SimulateCommand.class,
                UpPlanCommand.class})
public final class Main implements Runnable {
    public static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int rc;
        try {
            rc = run(args);
        } catch (Error e) {
            // picocli hands only exceptions to the handler below; an Error (a class missing from a broken jar, a JVM
            // limit) still gets one line, not a stack trace.
            System.err.println("faas: error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            rc = 1;
        }
        System.exit(rc);
    }

    static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command with its output and errors going to the given writers. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("faas: error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(new PrintWriter(System.out, true));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"localfaas " + VERSION};
        }
    }
}
