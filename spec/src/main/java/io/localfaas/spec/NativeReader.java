package io.localfaas.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The native format (config/README.md): {@code service}, {@code defaults}, {@code platform}, {@code functions}. */
final class NativeReader extends YamlReader {
    static final Set<String> TOP_KEYS = Set.of("service", "defaults", "platform", "functions");
    static final Set<String> PLATFORM_KEYS = Set.of("host", "port", "startTimeout", "maxQueueWait", "maxColdStarts",
            "backend", "imageCacheSize", "adminToken", "maxQueue", "maxBodyBytes", "maxAsyncBodyBytes", "stemCells");
    static final Set<String> FUNCTION_KEYS = Set.of("runtime", "codeUri", "codeMode", "image", "handler", "initializer", "preStop",
            "initializationTimeout", "timeout", "memorySize", "instanceConcurrency", "minInstances", "maxInstances",
            "idleTimeout", "environment", "triggers", "timers", "caPort", "command", "args", "mounts", "scaling",
            "layers", "customRuntimeConfig", "fcVersion", "cpu", "stemCells");
    /** Every function key but triggers and timers (a trigger belongs to one function). */
    static final Set<String> DEFAULT_KEYS = FUNCTION_KEYS.stream().filter(k -> !k.equals("triggers") && !k.equals("timers"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    static final Set<String> TRIGGER_KEYS = Set.of("path", "methods", "auth");
    static final Set<String> SCALING_KEYS = Set.of("policy", "watermarks", "window", "minInstances", "keepAlive");
    static final Set<String> WATERMARK_KEYS = Set.of("cpu", "memory", "connections");
    static final Set<String> MOUNT_KEYS = Set.of("source", "target", "readOnly");
    static final Set<String> TIMER_KEYS = Set.of("name", "cron", "enabled", "payload");
    /** {@code customRuntimeConfig} keys, FC3's spelling: the same settings as {@code command}, {@code args}, {@code caPort}. */
    static final Map<String, String> CUSTOM_RUNTIME_KEYS = Map.of("command", "command", "args", "args", "port", "port");
    static final Set<String> AUTH_KEYS = Set.of("type", "algorithms", "secret", "publicKey", "jwks", "issuer", "audience",
            "claimsHeader");

    /** Defaults of the function keys, as written when a key is absent. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_INITIALIZATION_TIMEOUT = Duration.ofSeconds(3);
    static final int DEFAULT_MEMORY_SIZE = 128;
    static final int DEFAULT_INSTANCE_CONCURRENCY = 1;
    static final int DEFAULT_MIN_INSTANCES = 0;
    static final int DEFAULT_MAX_INSTANCES = 10;
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    static final Set<String> DEFAULT_METHODS = Set.of("GET", "POST");

    private Map<String, NodeTuple> defaults = Map.of();
    /** Where each trigger's path was written, to report a duplicate there. */
    private final Map<TriggerSpec, Node> pathNodes = new java.util.IdentityHashMap<>();

    NativeReader(Path file, Map<String, String> env, Set<Problem> problems, Set<Problem> warnings) {
        super(file, env, problems, warnings);
    }

    @Override
    AppSpec read(MappingNode top) {
        Map<String, NodeTuple> keys = keys(top, "", TOP_KEYS);
        String service = scalar(keys, "", "service", Function.identity(), null);
        if (!keys.containsKey("service")) {
            add(top, "service", null, "is required");
        }
        NodeTuple d = keys.get("defaults");
        if (d != null) {
            MappingNode dm = mapping(d.getValueNode(), "defaults");
            if (dm != null) {
                defaults = keys(dm, "defaults", DEFAULT_KEYS);
                inherited.addAll(defaults.values());
            }
        }
        PlatformSpec platform = platform(keys.get("platform"));
        List<FunctionSpec> functions = new ArrayList<>();
        NodeTuple fnTuple = keys.get("functions");
        if (fnTuple == null) {
            add(top, "functions", null, "is required: declare at least one function");
        } else {
            MappingNode fns = mapping(fnTuple.getValueNode(), "functions");
            if (fns != null) {
                if (fns.getValue().isEmpty()) {
                    add(fns, "functions", "{}", "declare at least one function");
                }
                for (NodeTuple t : fns.getValue()) {
                    declare(keyText(t), "functions." + keyText(t), () -> fns.getValue().remove(t));
                    FunctionSpec f = function(service == null ? "service" : service, keys.get("service"), keyText(t), t);
                    if (f != null) {
                        functions.add(f);
                    }
                }
            }
        }
        checkTriggersUnique(functions, fnTuple);
        return hasProblems() ? null : new AppSpec(file, service, platform, functions, timersOf(functions));
    }

    private PlatformSpec platform(NodeTuple tuple) {
        PlatformSpec d = PlatformSpec.DEFAULTS;
        if (tuple == null) {
            return d;
        }
        MappingNode node = mapping(tuple.getValueNode(), "platform");
        if (node == null) {
            return d;
        }
        String p = "platform";
        Map<String, NodeTuple> k = keys(node, p, PLATFORM_KEYS);
        String host = scalar(k, p, "host", Function.identity(), d.host());
        int port = scalar(k, p, "port", this::integer, d.port());
        Duration startTimeout = scalar(k, p, "startTimeout", this::duration, d.startTimeout());
        Duration maxQueueWait = scalar(k, p, "maxQueueWait", this::duration, d.maxQueueWait());
        int maxColdStarts = scalar(k, p, "maxColdStarts", this::integer, d.maxColdStarts());
        BackendKind backend = scalar(k, p, "backend", t -> fileBackend(enumValue(BackendKind.class, t)), d.backend());
        int imageCacheSize = scalar(k, p, "imageCacheSize", this::integer, d.imageCacheSize());
        // An empty value (${LOCALFAAS_ADMIN_TOKEN:-} with the variable unset) leaves the admin API off.
        Optional<String> adminToken = Optional.ofNullable(scalar(k, p, "adminToken", Function.identity(), d.adminToken().orElse(null)))
                .filter(t -> !t.isEmpty());
        int maxQueue = scalar(k, p, "maxQueue", this::integer, d.maxQueue());
        int maxBodyBytes = scalar(k, p, "maxBodyBytes", this::integer, d.maxBodyBytes());
        int maxAsyncBodyBytes = scalar(k, p, "maxAsyncBodyBytes", this::integer, d.maxAsyncBodyBytes());
        int stemCells = scalar(k, p, "stemCells", this::stemCount, d.stemCells());
        PlatformSpec built = construct(node, k::get, key -> join(p, key), () -> new PlatformSpec(host, port, startTimeout, maxQueueWait,
                maxColdStarts, backend, imageCacheSize, adminToken, maxQueue, maxBodyBytes, maxAsyncBodyBytes, stemCells));
        return built == null ? d : built;
    }

    /** {@code platform.stemCells}: {@code off} (or false, 0) = none, else a whole number (1-16, checked by the record). */
    private Integer stemCount(String text) {
        String v = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("off") || v.equals("false") || v.equals("no")) {
            return 0;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new SpecViolation("", text, "must be off or a number of stem cells per runtime from 1 to " + PlatformSpec.MAX_STEM_CELLS);
        }
    }

    private FunctionSpec function(String service, NodeTuple serviceTuple, String name, NodeTuple tuple) {
        String p = "functions." + name;
        MappingNode node = mapping(tuple.getValueNode(), p);
        if (node == null) {
            return null;
        }
        Map<String, NodeTuple> k = keys(node, p, FUNCTION_KEYS);
        defaults.forEach(k::putIfAbsent);
        Runtime runtime = runtime(k.get("runtime"), path(p, "runtime", k.get("runtime")));
        if (!k.containsKey("runtime")) {
            add(node, p + ".runtime", null, "is required (one of " + Runtime.known() + ")");
        }
        String handler = scalar(k, p, "handler", Function.identity(), runtime != null && runtime.servesItself() ? "" : null);
        if (handler == null && !k.containsKey("handler") && runtime != null) {
            add(node, p + ".handler", null, "is required, for example index.handler");
        }
        Optional<Path> codeUri = Optional.ofNullable(scalar(k, p, "codeUri", this::codePath, null));
        CodeMode codeMode = scalar(k, p, "codeMode", t -> enumValue(CodeMode.class, t), CodeMode.MOUNT);
        Map<String, String> env = environment(k.get("environment"), path(p, "environment", k.get("environment")));
        HttpStyle style = scalar(k, p, "fcVersion", this::fcVersion, HttpStyle.FC2);
        List<TriggerSpec> triggers = triggers(k.get("triggers"), p + ".triggers", style);
        timers(name, k.get("timers"), p + ".timers");
        Optional<String> image = Optional.ofNullable(scalar(k, p, "image", Function.identity(), null));
        Optional<String> initializer = Optional.ofNullable(scalar(k, p, "initializer", Function.identity(), null));
        Optional<String> preStop = Optional.ofNullable(scalar(k, p, "preStop", Function.identity(), null));
        Duration initTimeout = scalar(k, p, "initializationTimeout", this::duration, DEFAULT_INITIALIZATION_TIMEOUT);
        Duration timeout = scalar(k, p, "timeout", this::duration, DEFAULT_TIMEOUT);
        int memory = scalar(k, p, "memorySize", this::integer, DEFAULT_MEMORY_SIZE);
        java.util.OptionalDouble cpu = cpu(k, p);
        boolean stemCells = scalar(k, p, "stemCells", YamlReader::bool, true);
        int concurrency = scalar(k, p, "instanceConcurrency", this::integer, DEFAULT_INSTANCE_CONCURRENCY);
        Scaling scaling = scaling(k.get("scaling"), path(p, "scaling", k.get("scaling")));
        Integer writtenMin = scalar(k, p, "minInstances", this::integer, null);
        int min = minInstances(writtenMin, k.get("minInstances"), p, scaling);
        int max = scalar(k, p, "maxInstances", this::integer, DEFAULT_MAX_INSTANCES);
        Duration idle = scalar(k, p, "idleTimeout", this::duration, DEFAULT_IDLE_TIMEOUT);
        int caPort = scalar(k, p, "caPort", this::integer, FunctionSpec.DEFAULT_CA_PORT);
        List<String> command = strings(k.get("command"), path(p, "command", k.get("command")));
        List<String> args = strings(k.get("args"), path(p, "args", k.get("args")));
        List<MountSpec> mounts = LayerMounts.with(mounts(k.get("mounts"), path(p, "mounts", k.get("mounts"))),
                LayerMounts.read(this, k.get("layers"), path(p, "layers", k.get("layers")), name));
        CustomRuntimeConfig custom = customRuntimeConfig(k.get("customRuntimeConfig"), path(p, "customRuntimeConfig",
                k.get("customRuntimeConfig")), CUSTOM_RUNTIME_KEYS, Set.of());
        command = custom.command().isEmpty() ? command : custom.command();
        args = custom.args().isEmpty() ? args : custom.args();
        caPort = custom.port() == null ? caPort : custom.port();
        if (runtime == null) {
            return null;
        }
        // Values refused above were replaced by valid fallbacks: the record still reports every other rule.
        String h = handler == null ? "" : handler;
        ScalingSpec scalingSpec = scaling.spec() == null ? ScalingSpec.CONCURRENCY : scaling.spec(); // its problems are reported
        // minInstances written in the scaling block is reported there.
        boolean minInScaling = scaling.min() != null && writtenMin == null;
        int port = caPort;
        List<String> cmd = command;
        List<String> arguments = args;
        return construct(node, key -> switch (key) {
            case "name" -> null;
            case "service" -> serviceTuple;
            case "minInstances" -> minInScaling ? scaling.min() : k.get(key);
            case "scaling.watermarks.connections" -> scaling.connections();
            default -> k.get(key);
        }, key -> switch (key) {
            case "name" -> p;
            case "service" -> "service";
            case "minInstances" -> minInScaling ? scaling.path() + ".minInstances" : path(p, key, k.get(key));
            case "scaling.watermarks.connections" -> scaling.path() + ".watermarks.connections";
            default -> path(p, key, k.get(key));
        }, () -> new FunctionSpec(service, name, runtime, codeUri, codeMode, image, h, initializer, preStop,
                initTimeout, timeout, memory, concurrency, min, max, idle, env, triggers, port, cmd, arguments, mounts, scalingSpec, cpu,
                stemCells));
    }

    /** {@code fcVersion: 2} (the default) or {@code 3}: which FC generation's HTTP-trigger call a built-in runtime gets. */
    private HttpStyle fcVersion(String written) {
        return HttpStyle.ofVersion(written).orElseThrow(() -> new SpecViolation("", written,
                "must be 2 (HTTP triggers pass the request through: (request, response, context)) or 3 (FC 3.0's HTTP event)"));
    }

    /** The scaling block as read: the record (null when it has problems), where its minInstances and connections were. */
    private record Scaling(ScalingSpec spec, String path, NodeTuple min, Integer minValue, NodeTuple connections) {
    }

    /**
     * {@code scaling: {policy, watermarks: {cpu, memory, connections}, window, minInstances}}; absent: FC's concurrency
     * rule. Marks and window under {@code policy: concurrency} are warnings (kept so that switching policy is one edit).
     */
    private Scaling scaling(NodeTuple tuple, String p) {
        if (tuple == null) {
            return new Scaling(ScalingSpec.CONCURRENCY, p, null, null, null);
        }
        MappingNode node = mapping(tuple.getValueNode(), p);
        if (node == null) {
            return new Scaling(null, p, null, null, null);
        }
        Map<String, NodeTuple> k = keys(node, p, SCALING_KEYS);
        ScalingSpec.Policy read = scalar(k, p, "policy", t -> enumValue(ScalingSpec.Policy.class, t), null);
        // An unknown policy was reported; the marks are still checked as a watermark policy's.
        ScalingSpec.Policy policy = read != null ? read : k.containsKey("policy") ? ScalingSpec.Policy.WATERMARK : ScalingSpec.Policy.CONCURRENCY;
        Duration window = scalar(k, p, "window", this::duration, ScalingSpec.DEFAULT_WINDOW);
        ScalingSpec.KeepAlive keepAlive = scalar(k, p, "keepAlive", t -> enumValue(ScalingSpec.KeepAlive.class, t), ScalingSpec.KeepAlive.FIXED);
        Integer min = scalar(k, p, "minInstances", this::integer, null);
        String wp = p + ".watermarks";
        MappingNode marks = block(k.get("watermarks"), wp);
        Map<String, NodeTuple> wk = marks == null ? Map.of() : keys(marks, wp, WATERMARK_KEYS);
        Integer cpu = scalar(wk, wp, "cpu", ScalingSpec::percent, null);
        Integer memory = scalar(wk, wp, "memory", ScalingSpec::percent, null);
        Integer connections = scalar(wk, wp, "connections", this::integer, null);
        if (read == ScalingSpec.Policy.CONCURRENCY || !k.containsKey("policy")) {
            for (String ignored : List.of("watermarks", "window")) {
                if (k.containsKey(ignored)) {
                    warn(k.get(ignored).getKeyNode(), p + "." + ignored, null, "ignored under policy: concurrency (used by policy: watermark)");
                }
            }
        }
        ScalingSpec.Watermarks w = construct(marks == null ? node : marks, key -> wk.get(key.substring(key.indexOf('.') + 1)), key -> p + "." + key,
                () -> new ScalingSpec.Watermarks(optional(cpu), optional(memory), optional(connections)));
        ScalingSpec spec = construct(node, key -> k.get(key.replaceAll("\\..*", "")), key -> join(p, key),
                () -> new ScalingSpec(policy, w == null ? marksOrNone(cpu, memory, connections) : w, window,
                        keepAlive == null ? ScalingSpec.KeepAlive.FIXED : keepAlive));
        return new Scaling(spec, p, k.get("minInstances"), min, wk.get("connections"));
    }

    /** Marks that passed their own checks were refused together; a stand-in so that the block's other rules are still checked. */
    private static ScalingSpec.Watermarks marksOrNone(Integer cpu, Integer memory, Integer connections) {
        return cpu == null && memory == null && connections == null ? ScalingSpec.Watermarks.NONE
                : new ScalingSpec.Watermarks(java.util.OptionalInt.of(50), java.util.OptionalInt.empty(), java.util.OptionalInt.empty());
    }

    private static java.util.OptionalInt optional(Integer v) {
        return v == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(v);
    }

    /**
     * minInstances may be written at the function or in its scaling block (not both with different values); written
     * nowhere, it is 0, or 1 under the watermark policy.
     */
    private int minInstances(Integer written, NodeTuple writtenAt, String p, Scaling scaling) {
        Integer inScaling = scaling.minValue();
        if (written != null && inScaling != null && !written.equals(inScaling)) {
            add(scaling.min().getValueNode(), scaling.path() + ".minInstances", String.valueOf(inScaling),
                    "differs from minInstances (" + written + ") at line " + (writtenAt.getKeyNode().getStartMark().getLine() + 1)
                            + ": write it in one place");
        }
        if (written != null) {
            return written;
        }
        if (inScaling != null) {
            return inScaling;
        }
        return scaling.spec() != null && scaling.spec().policy() == ScalingSpec.Policy.WATERMARK
                ? ScalingSpec.WATERMARK_DEFAULT_MIN_INSTANCES : DEFAULT_MIN_INSTANCES;
    }

    /**
     * A backend a project file may choose: not {@code process}, which runs the project's functions unsandboxed as the
     * user; only the user, on the command line, can ask for that.
     */
    static BackendKind fileBackend(BackendKind kind) {
        if (kind == BackendKind.PROCESS) {
            throw new SpecViolation("", "process", "a project file cannot turn isolation off (the process backend runs its functions as "
                    + "your user, unsandboxed); choose it yourself on the command line: faas up --backend process");
        }
        return kind;
    }

    /** {@code mounts: [{source: ../data, target: /mnt/data, readOnly: false}]}; sources relative to this file; read-only unless {@code readOnly: false}. */
    private List<MountSpec> mounts(NodeTuple tuple, String p) {
        List<MountSpec> out = new ArrayList<>();
        if (tuple == null) {
            return out;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            add(tuple.getValueNode(), p, null, "must be a list of mounts, for example - {source: ../data, target: /mnt/data}");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String mp = p + "[" + i + "]";
            MappingNode node = mapping(seq.getValue().get(i), mp);
            if (node == null) {
                continue;
            }
            Map<String, NodeTuple> k = keys(node, mp, MOUNT_KEYS);
            Path source = scalar(k, mp, "source", this::mountSource, null);
            String target = scalar(k, mp, "target", Function.identity(), null);
            boolean readOnly = scalar(k, mp, "readOnly", YamlReader::bool, true);
            for (String required : List.of("source", "target")) {
                if (!k.containsKey(required)) {
                    add(node, mp + "." + required, null, "is required, for example " + (required.equals("source") ? "../data" : "/mnt/data"));
                }
            }
            if (source != null && target != null) {
                MountSpec m = construct(node, k::get, key -> join(mp, key), () -> new MountSpec(source, target, readOnly));
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** {@code timers: [{name: nightly, cron: '0 0 2 * * *', payload: x, enabled: true}]}; name defaults to timer. */
    private void timers(String function, NodeTuple tuple, String p) {
        if (tuple == null) {
            return;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            add(tuple.getValueNode(), p, null, "must be a list of timers, for example - {name: nightly, cron: '0 0 2 * * *'}");
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String tp = p + "[" + i + "]";
            MappingNode node = mapping(seq.getValue().get(i), tp);
            if (node != null) {
                Map<String, NodeTuple> k = keys(node, tp, TIMER_KEYS);
                timer(function, scalar(k, tp, "name", Function.identity(), "timer"), node, k, tp, "cron", "enabled", "payload");
            }
        }
    }

    private List<TriggerSpec> triggers(NodeTuple tuple, String p, HttpStyle style) {
        List<TriggerSpec> out = new ArrayList<>();
        if (tuple == null) {
            return out;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            add(tuple.getValueNode(), p, null, "must be a list of triggers, for example - {path: /hello, methods: [GET]}");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String tp = p + "[" + i + "]";
            MappingNode node = mapping(seq.getValue().get(i), tp);
            if (node == null) {
                continue;
            }
            Map<String, NodeTuple> k = keys(node, tp, TRIGGER_KEYS);
            String path = scalar(k, tp, "path", Function.identity(), null);
            if (!k.containsKey("path")) {
                add(node, tp + ".path", null, "is required, for example /hello");
            }
            Set<String> read = methods(k.get("methods"), tp + ".methods", DEFAULT_METHODS);
            Set<String> methods = read == null ? DEFAULT_METHODS : read;
            AuthSpec read2 = auth(k.get("auth"), tp + ".auth");
            AuthSpec auth = read2 == null ? AuthSpec.NONE : read2;
            if (path != null) {
                TriggerSpec t = construct(node, k::get, key -> join(tp, key), () -> new TriggerSpec(path, methods, auth, style));
                if (t != null) {
                    out.add(t);
                    pathNodes.put(t, k.get("path").getValueNode());
                }
            }
        }
        return out;
    }

    /** The trigger's auth block; null when it has problems (already reported). */
    private AuthSpec auth(NodeTuple tuple, String p) {
        if (tuple == null) {
            return AuthSpec.NONE;
        }
        MappingNode node = mapping(tuple.getValueNode(), p);
        if (node == null) {
            return null;
        }
        int before = problemCount();
        Map<String, NodeTuple> k = keys(node, p, AUTH_KEYS);
        AuthSpec.Type type = scalar(k, p, "type", t -> enumValue(AuthSpec.Type.class, t), AuthSpec.Type.NONE);
        Set<String> algorithms = new LinkedHashSet<>();
        NodeTuple algs = k.get("algorithms");
        if (algs != null && algs.getValueNode() instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                String a = n instanceof ScalarNode s ? text(s, p + ".algorithms") : null;
                algorithms.add(a == null ? "?" : a.toUpperCase(Locale.ROOT));
            }
        } else if (algs != null) {
            add(algs.getValueNode(), p + ".algorithms", null, "must be a list, for example [HS256]");
        } else if (type == AuthSpec.Type.JWT) {
            algorithms.add(k.containsKey("secret") ? "HS256" : "RS256");
        }
        Optional<String> secret = Optional.ofNullable(scalar(k, p, "secret", Function.identity(), null));
        Optional<Path> publicKey = Optional.ofNullable(scalar(k, p, "publicKey", this::existingFile, null));
        Optional<Path> jwks = Optional.ofNullable(scalar(k, p, "jwks", this::existingFile, null));
        Optional<String> issuer = Optional.ofNullable(scalar(k, p, "issuer", Function.identity(), null));
        Optional<String> audience = Optional.ofNullable(scalar(k, p, "audience", Function.identity(), null));
        String claimsHeader = scalar(k, p, "claimsHeader", Function.identity(), AuthSpec.DEFAULT_CLAIMS_HEADER);
        if (problemCount() > before) {
            return null;
        }
        return construct(node, k::get, key -> join(p, key),
                () -> new AuthSpec(type, algorithms, secret, publicKey, jwks, issuer, audience, claimsHeader));
    }

    private void checkTriggersUnique(List<FunctionSpec> functions, NodeTuple where) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (FunctionSpec f : functions) {
            for (TriggerSpec t : f.triggers()) {
                String other = seen.putIfAbsent(t.path().length() > 1 && t.path().endsWith("/") ? t.path().substring(0, t.path().length() - 1) : t.path(), f.name());
                if (other != null) {
                    add(pathNodes.getOrDefault(t, where.getValueNode()), "functions." + f.name() + ".triggers", t.path(),
                            "trigger path is already used by function " + other);
                }
            }
        }
    }
}
