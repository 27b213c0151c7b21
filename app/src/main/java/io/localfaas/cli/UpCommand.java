package io.localfaas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.localfaas.Scheduler;
import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.gateway.GatewayOptions;
import io.localfaas.gateway.GatewayServer;
import io.localfaas.gateway.LogTailSource;
import io.localfaas.gateway.metrics.GatewayMetrics;
import io.localfaas.images.ImageCache;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.BackendKind;
import io.localfaas.spec.Durations;
import io.localfaas.spec.BuildActions;
import io.localfaas.spec.Credentials;
import io.localfaas.spec.EnvFile;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.PlatformSpec;
import io.localfaas.timers.TimerRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faas up [CONFIG]}: validates, connects to Docker, starts the gateway; SIGINT/SIGTERM stop it cleanly. */
@Command(name = "up", description = "Run the functions of a configuration file behind the gateway.")
final class UpCommand implements Callable<Integer> {
    private static final Duration WATCH_DEBOUNCE = Duration.ofMillis(300);
    /** How often code folders are scanned; a change is applied once it has been quiet for one interval. */
    private static final Duration CODE_POLL = Duration.ofMillis(400);

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
            description = "configuration file (default: the first of s.yaml, s.yml, template.yml, template.yaml, faas.yaml "
                    + "in the current folder, else config/todo.yaml)")
    Path config;

    @Option(names = "--host", description = "listen address (default: the file's platform.host, else 127.0.0.1)")
    String host;

    @Option(names = "--port", description = "listen port; 0 picks a free one (default: the file's platform.port, else 8080)")
    Integer port;

    @Option(names = "--watch", description = "apply edits of CONFIG while running: changed functions get new instances, "
            + "an invalid edit is refused and the running configuration stays")
    boolean watch;

    @Option(names = "--env-file", paramLabel = "FILE", description = "dotenv file whose variables override or add to the "
            + "functions' environment for this run (NAME=value lines; [function] sections for one function)")
    Path envFile;

    @Option(names = "--backend", paramLabel = "docker|process|auto", description = "run on this backend instead of the file's "
            + "platform.backend; process (functions as local processes, no isolation) can only be chosen here")
    String backend;

    @Option(names = "--stem-cells", paramLabel = "off|N", description = "keep up to N pre-started "
            + "instances per runtime in use (nodejs18, python3; java17 per memory size), which a cold start specialises instead of "
            + "booting a container; off boots every instance (default: the file's platform.stemCells, else off; docker backend "
            + "only; docs/stem-cells.md)")
    String stemCells;

    /** Stem cells per runtime: {@code --stem-cells} when given (it wins), else the file's {@code platform.stemCells}. Pure. */
    static int stemCells(String flag, PlatformSpec platform) {
        return flag == null ? platform.stemCells() : stemCells(flag);
    }

    /** {@code --stem-cells}: {@code off} = 0, else N in 1-16. Pure. */
    static int stemCells(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("off") || v.equals("0")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= PlatformSpec.MAX_STEM_CELLS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--stem-cells takes off or a number of stem cells per runtime from 1 to 16, not " + value);
    }

    @Option(names = "--allow-mount", paramLabel = "PATH", description = "also allow code and mount sources inside PATH "
            + "(repeatable; besides the project folder and the state folder; system folders stay refused)")
    List<Path> allowMount = new java.util.ArrayList<>();

    @Option(names = "--drain-grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "on Ctrl-C/SIGTERM, how long requests already accepted may take to finish (default: ${DEFAULT-VALUE}); "
                    + "one still running after it is answered 503 ServiceUnavailable")
    Duration drainGrace;

    @Option(names = "--no-reload", description = "do not restart a function's instances when its code folder changes "
            + "(on by default; in codeMode: image the image is built again first)")
    boolean noReload;

    @Option(names = "--layer", paramLabel = "NAME=PATH", description = "map the FC layer NAME (of an ARN in template.yml or "
            + "s.yaml, ...:layers/NAME/versions/N) to a local folder or zip, mounted at /opt (repeatable; default: layers/NAME "
            + "beside the project file)")
    java.util.Map<String, Path> layers = new java.util.LinkedHashMap<>();

    @Option(names = "--host-routing", paramLabel = "on|off", defaultValue = "on", description = "serve each function with an HTTP "
            + "trigger at http://<function>.localhost:<port>/ and custom domains by their name (default on)")
    String hostRouting;

    @Option(names = "--access", paramLabel = "ALIAS", description = "give functions the keys of ALIAS in the Serverless Devs "
            + "access file ~/.s/access.yaml (default: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN from the environment or "
            + "--env-file, else the file's default alias, else Funcraft's ~/.fcli/config.yaml)")
    String access;

    @Option(names = "--run-actions", description = "run the project's pre-local/pre-deploy build actions (s.yaml actions: "
            + "run commands, in their path) before starting; without it they are listed, not run")
    boolean runActions;

    @Option(names = "--no-function-output", description = "do not print what functions write (faas logs still has it)")
    boolean noFunctionOutput;

    @Option(names = "--debug", paramLabel = "FUNCTION[:PORT]", description = "run FUNCTION's one instance with the Node "
            + "inspector (default port 9229) or the JVM's JDWP agent (5005) on 127.0.0.1, timeouts extended; prints how to attach")
    String debug;

    @Option(names = "--only", paramLabel = "FN", split = ",", description = "run only these functions of CONFIG: the "
            + "others are left out before the file is read, so that a function localfaas refuses does not refuse the file")
    java.util.Set<String> only = java.util.Set.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What {@code --debug} named, once {@link #load} has checked it. */
    private DebugTarget debugTarget;

    /**
     * CONFIG (already chosen) read with {@code --env-file} and {@code --debug} applied; empty once the problems are
     * printed on {@code err} (exit 2). {@code faas up} and the {@code faas} script's {@code up-plan} both check here.
     */
    /** How CONFIG is read, at start and at every reload. */
    ConfigOptions configOptions() {
        return ConfigOptions.envFile(envFile).withOnly(only).withAllowMount(allowMount).withLayers(layers);
    }

    Optional<AppSpec> load(PrintWriter err) {
        Optional<AppSpec> loaded = ConfigFiles.load(config, configOptions(), err);
        if (loaded.isEmpty() || debug == null) {
            return loaded;
        }
        Optional<DebugTarget> target = DebugTarget.parse(debug);
        if (target.isEmpty()) {
            err.println("faas: error: --debug takes FUNCTION or FUNCTION:PORT (1-65535), not " + debug);
            return Optional.empty();
        }
        try {
            AppSpec app = target.get().apply(loaded.get());
            debugTarget = target.get();
            return Optional.of(app);
        } catch (IllegalArgumentException e) {
            err.println("faas: error: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The backend kind {@code --backend} chose, else the file's; {@link IllegalArgumentException} for an unknown one. */
    BackendKind backendKind(PlatformSpec platform) {
        return BackendChoice.chosen(backend, platform.backend());
    }

    /** The platform section of {@code app} with the command line's overrides ({@code --host}, {@code --port}) applied. */
    PlatformSpec platform(AppSpec app) {
        PlatformSpec platform = app.platform();
        return platform.withAddress(host != null ? host : platform.host(), port != null ? port : platform.port());
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        config = ProjectFiles.orHere(config, err);
        List<BuildActions.Action> actions = ProjectActions.of(config);
        if (runActions && !new ActionRunner(out, ActionRunner.DEFAULT_TIMEOUT).runAll(actions)) {
            return 1;
        }
        Optional<AppSpec> loaded = load(err);
        if (loaded.isEmpty()) {
            if (!runActions) {
                ProjectActions.explainMissing(config, actions, err);
            }
            return 2;
        }
        if (!runActions) {
            actions.forEach(a -> out.println("not run: " + a + (a.runnable() ? "   (faas up --run-actions runs it)" : "")));
        }
        CredentialSources.Found found = CredentialSources.find(System.getenv(), envFileVariables(err),
                Path.of(Optional.ofNullable(System.getenv("HOME")).orElse(System.getProperty("user.home"))), Optional.ofNullable(access));
        if (found.error().isPresent()) {
            err.println("faas: error: " + found.error().get());
            return 2;
        }
        java.util.function.UnaryOperator<AppSpec> withCredentials = a -> found.credentials().map(c -> c.applyTo(a)).orElse(a);
        AppSpec app = withCredentials.apply(loaded.get());
        String credentialsLine = found.credentials().map(Credentials::describe).orElse("credentials: none (context.credentials is "
                + "empty; set " + Credentials.ID + " and " + Credentials.SECRET + ", or --access ALIAS)");
        PlatformSpec platform = platform(app);
        BackendChoice.Engine engine;
        try {
            engine = BackendChoice.open(app, backendKind(platform), err, stemCells(stemCells, platform));
        } catch (IllegalArgumentException e) {
            err.println("faas: error: " + e.getMessage());
            return 2;
        } catch (BackendUnavailableException e) {
            err.println("faas: error: " + e.getMessage());
            return 3;
        }
        if (!BackendChoice.codeReadable(app, engine, err)) {
            return 2;
        }
        if (!noFunctionOutput) {
            engine.logs().onLine(FunctionOutput.printer(out, System.console() != null));
        }
        GatewayMetrics metrics = new GatewayMetrics(engine.imageCache().map(cache -> cache::stats));
        io.localfaas.gateway.metrics.LogMetrics.register(metrics, engine.logs()::droppedLines, engine.logs()::forgedMarkers);
        Scheduler scheduler = new Scheduler(app, engine.backend(), Clock.systemUTC(), metrics);
        Reloader reloader = new Reloader(config, configOptions(), app, scheduler, err, withCredentials);
        if (!hostRouting.equals("on") && !hostRouting.equals("off")) {
            err.println("faas: error: --host-routing takes on or off, not " + hostRouting);
            return 2;
        }
        GatewayOptions options = GatewayOptions.from(platform).withHostRouting(hostRouting.equals("on"));
        GatewayServer gateway = new GatewayServer(scheduler, options, metrics,
                LogTailSource.captured(engine.logs()), Optional.of(reloader::reload), Clock.systemUTC());
        try {
            engine.prepare().run();
            gateway.start();
            Optional<String> instanceAddress = engine.instanceGateway();
            scheduler.gatewayUrl(instanceAddress.isPresent()
                    ? "http://" + instanceAddress.get() + ":" + gateway.listenForInstances(instanceAddress.get())
                    : instanceGatewayUrl(gateway, platform.host()));
            scheduler.start();
        } catch (RuntimeException e) {
            err.println("faas: error: cannot start: " + rootMessage(e));
            gateway.close();
            scheduler.close();
            return 1;
        }
        ConfigWatcher watcher;
        try {
            watcher = watch ? new ConfigWatcher(config, WATCH_DEBOUNCE, reloader::reload) : null;
        } catch (java.io.IOException e) {
            err.println("faas: error: cannot watch " + config + ": " + e.getMessage());
            gateway.close();
            scheduler.close();
            return 1;
        }
        CodeWatcher code = noReload ? null : new CodeWatcher(app.functions(), CODE_POLL,
                (fn, what) -> reloadCode(scheduler, engine, fn, what, err));
        TimerRunner timers = Timers.start(app, scheduler, out, err);
        Path stateFile = writeState(gateway.baseUrl(), platform, err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("faas: stopping: draining requests, removing instances");
            err.flush();
            timers.close();
            if (code != null) {
                code.close();
            }
            if (stateFile != null) {
                PlatformState.remove(stateFile);
            }
            if (watcher != null) {
                watcher.close();
            }
            // New clients are refused from here; accepted requests finish within the grace period, then the instances go.
            long t0 = System.nanoTime();
            gateway.drain(drainGrace);
            scheduler.shutdown(drainGrace.minusNanos(System.nanoTime() - t0));
            gateway.close();
            scheduler.close();
            err.println("faas: stopped");
            err.flush();
            stopped.countDown();
        }, "localfaas-shutdown"));
        printUrls(out, app, gateway, engine.name(), options.hostRouting(), credentialsLine);
        AppSpec started = app;
        Optional.ofNullable(debugTarget).ifPresent(d -> d.howToAttach(started.function(d.function()).orElseThrow().runtime()).forEach(out::println));
        if (watch) {
            out.println("watching " + config + " for changes");
        }
        if (code != null && code.watching() > 0) {
            out.println("reloading code on change: " + code.watching() + " function(s) (--no-reload turns it off)");
        }
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * A function's code changed: for code mode image (on Docker), its image is built again first, and a failed build
     * leaves the running instances alone; then its instances are retired (busy ones finish first), so the next request
     * starts one with the new code. Says which function reloaded and why.
     */
    private static void reloadCode(Scheduler scheduler, BackendChoice.Engine engine, String function, String what, PrintWriter err) {
        Optional<FunctionSpec> fn = scheduler.functions().stream().filter(f -> f.name().equals(function)).findFirst();
        if (fn.isEmpty()) {
            return; // removed by a configuration reload
        }
        String image = "";
        if (engine.imageCache().isPresent() && ImageCache.needsBuild(fn.get())) {
            err.println("faas: " + what + " of " + function + " changed: building its image");
            err.flush();
            try {
                image = " image " + engine.imageCache().get().imageFor(fn.get()) + " built;";
            } catch (RuntimeException e) {
                err.println("faas: reload of " + function + " failed: " + rootMessage(e) + "; its instances keep the previous code");
                err.flush();
                return;
            }
        }
        int old = scheduler.retireAll(function);
        err.println("faas: reloading " + function + ": " + what + " changed;" + image + " the next request starts an instance with the new code ("
                + old + " old instance(s) retired)");
        err.flush();
    }

    /** Tells {@code faas invoke} where this platform listens; null (and a warning) when the state dir cannot be written. */
    /** The --env-file's variables for every function (already checked by the load; empty without one). */
    private Map<String, String> envFileVariables(PrintWriter err) {
        if (envFile == null) {
            return Map.of();
        }
        try {
            return EnvFile.read(envFile).all();
        } catch (io.localfaas.spec.ConfigException e) {
            return Map.of();
        }
    }

    private static Path writeState(String url, PlatformSpec platform, PrintWriter err) {
        try {
            return PlatformState.write(PlatformState.defaultDir(), url, platform.adminToken());
        } catch (java.io.IOException e) {
            err.println("faas: warning: cannot write " + PlatformState.defaultDir().resolve(PlatformState.FILE) + " (faas invoke will not find this platform): "
                    + e.getMessage());
            return null;
        }
    }

    private static void printUrls(PrintWriter out, AppSpec app, GatewayServer gateway, String backendName, boolean hostRouting,
            String credentialsLine) {
        String base = gateway.baseUrl();
        out.printf("localfaas %s: service %s, %d function(s), backend %s%n", Main.VERSION, app.service(), app.functions().size(),
                backendName);
        out.println(credentialsLine);
        String host = java.net.URI.create(base).getHost().replace("[", "").replace("]", "");
        boolean loopback = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("localhost")
                || host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
        ServedUrls.lines(app.functions(), base, gateway.port(), loopback, hostRouting).forEach(out::println);
        if (app.platform().adminToken().isPresent()) {
            // The token stays out of the printed URL: whoever reads the terminal output should not get the admin API.
            out.println("dashboard: " + base + "/system/dashboard?token=<platform.adminToken>");
        } else {
            out.println("dashboard: " + base + "/system/dashboard (read-only on loopback; set platform.adminToken to retire from it)");
        }
        out.println("listening on " + base + " (Ctrl-C stops it and removes its containers)");
        out.flush();
    }

    /** The gateway as instances reach it: loopback when it listens on every address. */
    static String instanceGatewayUrl(GatewayServer gateway, String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "http://127.0.0.1:" + gateway.port() : gateway.baseUrl();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** {@code 10s}, {@code 500ms}, {@code 1m}: the configuration file's duration form. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration such as 10s, 500ms or 1m"));
        }
    }
}
