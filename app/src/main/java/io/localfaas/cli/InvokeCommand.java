package io.localfaas.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.localfaas.Invocation;
import io.localfaas.Scheduler;
import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.failure.PlatformException;
import io.localfaas.protocol.ControlPath;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faas invoke FUNCTION}: one invocation with an event from a file, stdin or the command line. Against the
 * running platform when its state file names one that answers; otherwise the function is started alone, invoked once
 * and removed. The result goes to stdout, the function's log to stderr; exit 1 on a function error (its FC error type
 * in the message), 2 on bad input, 3 without an engine.
 */
@Command(name = "invoke", description = "Invoke one function once: the result on stdout, its log on stderr.")
final class InvokeCommand implements Callable<Integer> {
    private static final int LOG_BYTES = 64 * 1024;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "the function to invoke")
    String function;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CONFIG", description = "configuration file (default: as for faas up)")
    Path config;

    @Option(names = {"-e", "--event"}, paramLabel = "FILE", description = "the event: a file, or - for stdin (faas event TYPE prints samples)")
    String eventFile;

    @Option(names = {"-d", "--data"}, paramLabel = "TEXT", description = "the event, as text")
    String data;

    @Option(names = "--path", description = "invoke the function's HTTP trigger at this path (default: its trigger path)")
    String path;

    @Option(names = {"-X", "--method"}, description = "HTTP method for an HTTP invocation (default: POST with an event, else GET)")
    String method;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: value'", description = "a request header for an HTTP invocation (repeatable)")
    List<String> headers = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "dotenv file over the function's environment (started alone only)")
    Path envFile;

    @Option(names = "--debug", description = "start the function alone with the Node inspector (port 9229) or the JVM's JDWP agent "
            + "(5005) on 127.0.0.1; it waits for a debugger to attach before it runs, timeouts extended; prints how to attach")
    boolean debug;

    @Option(names = "--debug-port", paramLabel = "PORT", description = "the debugger's port (implies --debug)")
    Integer debugPort;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    InputStream stdin = System.in;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (eventFile != null && data != null) {
            err.println("faas: error: give the event with -e or --data, not both");
            return 2;
        }
        byte[] event;
        try {
            event = data != null ? data.getBytes(StandardCharsets.UTF_8)
                    : "-".equals(eventFile) ? stdin.readAllBytes()
                    : eventFile != null ? Files.readAllBytes(Path.of(eventFile)) : new byte[0];
        } catch (NoSuchFileException e) {
            err.println("faas: error: no such event file: " + eventFile);
            return 2;
        }
        Map<String, String> hdrs = new LinkedHashMap<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                err.println("faas: error: -H takes 'NAME: value', not " + h);
                return 2;
            }
            hdrs.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        boolean http = path != null || method != null || !headers.isEmpty();
        config = ProjectFiles.orHere(config, err);
        Optional<AppSpec> loaded = ConfigFiles.load(config, ConfigOptions.envFile(envFile), err);
        if (loaded.isEmpty()) {
            return 2;
        }
        AppSpec app = loaded.get();
        Optional<FunctionSpec> fn = app.function(function);
        if (fn.isEmpty()) {
            err.println("faas: error: no function " + function + " in " + config + " (functions: "
                    + String.join(", ", app.functions().stream().map(FunctionSpec::name).toList()) + ")");
            return 2;
        }
        if (http && fn.get().triggers().isEmpty()) {
            err.println("faas: error: function " + function + " has no HTTP trigger: drop --path/--method/-H to invoke it with an event");
            return 2;
        }
        String requestPath = http ? (path != null ? path : fn.get().triggers().get(0).path()) : null;
        String httpMethod = method != null ? method.toUpperCase(java.util.Locale.ROOT) : event.length > 0 ? "POST" : "GET";
        if (debug || debugPort != null) {
            if (debugPort != null && (debugPort < 1 || debugPort > 65535)) {
                err.println("faas: error: --debug-port takes a port 1-65535, not " + debugPort);
                return 2;
            }
            DebugTarget target = new DebugTarget(function, debugPort == null ? 0 : debugPort);
            AppSpec debugging;
            try {
                debugging = target.apply(app, true);
            } catch (IllegalArgumentException e) {
                err.println("faas: error: " + e.getMessage());
                return 2;
            }
            FunctionSpec debugFn = debugging.function(function).orElseThrow();
            return alone(debugging, debugFn, event, http, requestPath, httpMethod, hdrs, "--debug", target.howToAttach(debugFn.runtime(), true),
                    out, err);
        }
        Optional<PlatformState.Running> running = PlatformState.read(PlatformState.defaultDir());
        if (running.isPresent()) {
            Optional<Integer> viaPlatform = viaPlatform(running.get().url(), fn.get(), event, http, requestPath, httpMethod, hdrs, out, err);
            if (viaPlatform.isPresent()) {
                return viaPlatform.get();
            }
        }
        return alone(app, fn.get(), event, http, requestPath, httpMethod, hdrs, "no running platform found", List.of(), out, err);
    }

    /** Through the running platform's gateway; empty when it does not answer (a stale state file). */
    private Optional<Integer> viaPlatform(String base, FunctionSpec fn, byte[] event, boolean http, String requestPath, String httpMethod,
                                          Map<String, String> hdrs, PrintWriter out, PrintWriter err) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder b;
        if (http) {
            b = HttpRequest.newBuilder(URI.create(base + requestPath)).method(httpMethod, HttpRequest.BodyPublishers.ofByteArray(event));
            hdrs.forEach(b::header);
        } else {
            b = HttpRequest.newBuilder(URI.create(base + "/2016-08-15/services/" + enc(fn.service()) + "/functions/" + enc(fn.name())
                    + "/invocations")).POST(HttpRequest.BodyPublishers.ofByteArray(event)).header("X-Fc-Log-Type", "Tail");
        }
        HttpResponse<byte[]> r;
        try {
            r = client.send(b.timeout(fn.timeout().plus(fn.initializationTimeout()).plusSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            return Optional.empty();
        } catch (IOException e) {
            err.println("faas: error: the platform at " + base + " did not answer: " + e.getMessage());
            return Optional.of(1);
        }
        err.println("faas: invoked " + fn.name() + " on the running platform at " + base);
        r.headers().firstValue("X-Fc-Log-Result").ifPresent(l -> err.print(new String(Base64.getDecoder().decode(l), StandardCharsets.UTF_8)));
        err.flush();
        Optional<String> errorType = r.headers().firstValue("x-fc-error-type");
        return Optional.of(result(fn, http ? r.statusCode() : 200, r.body(), errorType, http || r.statusCode() == 200 ? null : r.statusCode(), out, err));
    }

    /**
     * The function started alone on the configured backend, invoked once, removed.
     *
     * @param why    why alone, for the message
     * @param notes  lines printed once the function is about to start (how to attach a debugger)
     */
    private int alone(AppSpec app, FunctionSpec fn, byte[] event, boolean http, String requestPath, String httpMethod,
                      Map<String, String> hdrs, String why, List<String> notes, PrintWriter out, PrintWriter err) throws InterruptedException {
        AppSpec one = new AppSpec(app.source(), fn.service(), app.platform(), List.of(fn));
        BackendChoice.Engine engine;
        try {
            engine = BackendChoice.open(one, app.platform().backend(), err);
        } catch (BackendUnavailableException e) {
            err.println("faas: error: " + e.getMessage());
            return 3;
        }
        if (!BackendChoice.codeReadable(one, engine, err)) {
            return 2;
        }
        err.println("faas: starting " + fn.name() + " alone (" + engine.name() + "; " + why + ")");
        notes.forEach(err::println);
        err.flush();
        Scheduler scheduler = new Scheduler(one, engine.backend(), Clock.systemUTC());
        try {
            engine.prepare().run();
            String requestId = UUID.randomUUID().toString();
            InvokeRequest request = http
                    ? new InvokeRequest(requestId, ControlPath.HTTP_INVOKE, httpMethod, requestPath,
                            hdrs.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, x -> List.of(x.getValue()))),
                            event, Optional.of("127.0.0.1"), Optional.empty())
                    : InvokeRequest.event(requestId, event);
            Invocation inv;
            try {
                inv = scheduler.invoke(fn.name(), request);
            } catch (PlatformException e) {
                err.print(engine.logs().tailAfterEnd(fn.name(), requestId, LOG_BYTES, Duration.ofSeconds(1)));
                err.println("faas: error: " + fn.name() + ": " + e.getMessage());
                return 1;
            }
            err.print(engine.logs().tailAfterEnd(fn.name(), requestId, LOG_BYTES, Duration.ofSeconds(2)));
            InvokeResponse response = inv.response();
            return result(fn, response.status(), response.body(), response.errorType(), null, out, err);
        } finally {
            scheduler.close();
            err.flush();
        }
    }

    /** Prints the result; a function error is exit 1 naming its FC error type. */
    private static int result(FunctionSpec fn, int status, byte[] body, Optional<String> errorType, Integer platformStatus, PrintWriter out,
                              PrintWriter err) {
        out.print(new String(body, StandardCharsets.UTF_8));
        if (body.length > 0 && body[body.length - 1] != '\n') {
            out.println();
        }
        out.flush();
        if (errorType.isPresent()) {
            err.println("faas: error: function " + fn.name() + " failed: " + errorType.get() + errorDetail(body));
            return 1;
        }
        if (platformStatus != null) {
            err.println("faas: error: the platform answered " + platformStatus);
            return 1;
        }
        return 0;
    }

    /** ": <errorType>: <errorMessage>" from an FC error body, when it is one. */
    static String errorDetail(byte[] body) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            if (json != null && json.has("errorType")) {
                return " (" + json.get("errorType").asText() + ": " + json.path("errorMessage").asText() + ")";
            }
        } catch (IOException e) {
            // not JSON: the body printed above says it
        }
        return "";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
