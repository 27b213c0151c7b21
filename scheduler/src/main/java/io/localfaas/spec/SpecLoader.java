package io.localfaas.spec;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import java.util.function.Supplier;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a localfaas YAML file into an {@link AppSpec}. It composes the YAML node tree (never arbitrary types), walks
 * it, and collects every problem with its line and column before giving up. The only class that imports snakeyaml.
 */
public final class SpecLoader {
    /** Largest configuration file read, in bytes. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private static final Set<String> TOP_KEYS = Set.of("service", "platform", "functions");
    private static final Set<String> PLATFORM_KEYS = Set.of("host", "port", "startTimeout", "maxQueueWait", "maxColdStarts",
            "backend", "imageCacheSize", "adminToken", "maxQueue");
    private static final Set<String> FUNCTION_KEYS = Set.of("runtime", "codeUri", "codeMode", "image", "handler", "initializer", "preStop",
            "initializationTimeout", "timeout", "memorySize", "instanceConcurrency", "minInstances", "maxInstances",
            "idleTimeout", "environment", "triggers");
    private static final Set<String> TRIGGER_KEYS = Set.of("path", "methods", "auth");
    private static final Set<String> AUTH_KEYS = Set.of("type", "algorithms", "secret", "publicKey", "jwks", "issuer", "audience",
            "claimsHeader");

    private final Path file;
    private final List<Problem> problems = new ArrayList<>();

    private SpecLoader(Path file) {
        this.file = file;
    }

    /** Loads {@code file}; relative {@code codeUri}s are resolved against the file's directory. */
    public static AppSpec load(Path file) throws ConfigException {
        return new SpecLoader(file).read();
    }

    private AppSpec read() throws ConfigException {
        String text = readText();
        Node root = compose(text);
        if (root == null) {
            throw failed();
        }
        MappingNode top = mapping(root, "");
        if (top == null) {
            throw failed();
        }
        Map<String, NodeTuple> keys = keys(top, "", TOP_KEYS);
        String service = scalar(keys, "", "service", Function.identity(), null);
        if (service == null && !keys.containsKey("service")) {
            add(top, "service", null, "is required");
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
                    String name = keyText(t);
                    function(service == null ? "service" : service, name, t).ifPresent(functions::add);
                }
            }
        }
        checkTriggersUnique(functions, fnTuple);
        if (!problems.isEmpty()) {
            throw failed();
        }
        return new AppSpec(file, service, platform, functions);
    }

    private String readText() throws ConfigException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw fail(0, 0, "", null, "file is " + size + " bytes; a configuration file may have at most " + MAX_FILE_BYTES);
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw fail(0, 0, "", null, "no such file");
        } catch (CharacterCodingException e) {
            throw fail(0, 0, "", null, "not UTF-8 text");
        } catch (IOException e) {
            throw fail(0, 0, "", null, "cannot read: " + e.getMessage());
        }
    }

    private Node compose(String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_FILE_BYTES);
        try (Reader r = new StringReader(text)) {
            Node node = new Yaml(new SafeConstructor(options)).compose(r);
            if (node == null) {
                add(0, 0, "", null, "file is empty: it needs service and functions");
            }
            return node;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw fail(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "", null, "invalid YAML: " + what);
        } catch (YAMLException | IOException e) {
            throw fail(0, 0, "", null, "invalid YAML: " + e.getMessage());
        }
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
        Map<String, NodeTuple> k = keys(node, "platform", PLATFORM_KEYS);
        String p = "platform";
        return construct(node, p, () -> new PlatformSpec(
                scalar(k, p, "host", Function.identity(), d.host()),
                scalar(k, p, "port", this::integer, d.port()),
                scalar(k, p, "startTimeout", this::duration, d.startTimeout()),
                scalar(k, p, "maxQueueWait", this::duration, d.maxQueueWait()),
                scalar(k, p, "maxColdStarts", this::integer, d.maxColdStarts()),
                scalar(k, p, "backend", t -> enumValue(BackendKind.class, t), d.backend()),
                scalar(k, p, "imageCacheSize", this::integer, d.imageCacheSize()),
                Optional.ofNullable(scalar(k, p, "adminToken", Function.identity(), d.adminToken().orElse(null))),
                scalar(k, p, "maxQueue", this::integer, d.maxQueue())), k).orElse(d);
    }

    private Optional<FunctionSpec> function(String service, String name, NodeTuple tuple) {
        String p = "functions." + name;
        MappingNode node = mapping(tuple.getValueNode(), p);
        if (node == null) {
            return Optional.empty();
        }
        if (!Names.valid(name)) {
            add(tuple.getKeyNode(), p, name, "function name must be " + Names.RULE);
        }
        Map<String, NodeTuple> k = keys(node, p, FUNCTION_KEYS);
        Runtime runtime = scalar(k, p, "runtime", this::runtime, null);
        if (!k.containsKey("runtime")) {
            add(node, p + ".runtime", null, "is required (one of " + Runtime.known() + ")");
        }
        String handler = scalar(k, p, "handler", Function.identity(), runtime == Runtime.CUSTOM_CONTAINER ? "" : null);
        if (handler == null && !k.containsKey("handler") && runtime != null) {
            add(node, p + ".handler", null, "is required, for example index.handler");
        }
        Optional<Path> codeUri = Optional.ofNullable(scalar(k, p, "codeUri", this::codePath, null));
        CodeMode codeMode = scalar(k, p, "codeMode", t -> enumValue(CodeMode.class, t), CodeMode.MOUNT);
        Map<String, String> env = environment(k.get("environment"), p + ".environment");
        List<TriggerSpec> triggers = triggers(k.get("triggers"), p + ".triggers");
        int problemsBefore = problems.size();
        Optional<String> image = Optional.ofNullable(scalar(k, p, "image", Function.identity(), null));
        Optional<String> initializer = Optional.ofNullable(scalar(k, p, "initializer", Function.identity(), null));
        Optional<String> preStop = Optional.ofNullable(scalar(k, p, "preStop", Function.identity(), null));
        Duration initTimeout = scalar(k, p, "initializationTimeout", this::duration, Duration.ofSeconds(3));
        Duration timeout = scalar(k, p, "timeout", this::duration, Duration.ofSeconds(3));
        Integer memory = scalar(k, p, "memorySize", this::integer, 128);
        Integer concurrency = scalar(k, p, "instanceConcurrency", this::integer, 1);
        Integer min = scalar(k, p, "minInstances", this::integer, 0);
        Integer max = scalar(k, p, "maxInstances", this::integer, 10);
        Duration idle = scalar(k, p, "idleTimeout", this::duration, Duration.ofMinutes(5));
        if (problems.size() > problemsBefore || runtime == null || handler == null) {
            return Optional.empty();
        }
        return construct(node, p, () -> new FunctionSpec(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop,
                initTimeout, timeout, memory, concurrency, min, max, idle, env, triggers), k);
    }

    private Map<String, String> environment(NodeTuple tuple, String p) {
        Map<String, String> env = new LinkedHashMap<>();
        if (tuple == null) {
            return env;
        }
        MappingNode node = mapping(tuple.getValueNode(), p);
        if (node == null) {
            return env;
        }
        for (NodeTuple t : node.getValue()) {
            String key = keyText(t);
            if (!key.matches("[A-Za-z][A-Za-z0-9_]*")) {
                add(t.getKeyNode(), p + "." + key, null, "environment variable names start with a letter and hold letters, digits and _");
            } else if (key.startsWith("FC_")) {
                add(t.getKeyNode(), p + "." + key, null, "the FC_ prefix is reserved for the platform");
            }
            if (t.getValueNode() instanceof ScalarNode s) {
                env.put(key, s.getValue());
            } else {
                add(t.getValueNode(), p + "." + key, null, "must be a string");
            }
        }
        return env;
    }

    private List<TriggerSpec> triggers(NodeTuple tuple, String p) {
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
            Set<String> methods = methods(k.get("methods"), tp + ".methods");
            Optional<AuthSpec> auth = auth(k.get("auth"), tp + ".auth");
            if (path != null && methods != null && auth.isPresent()) {
                construct(node, tp, () -> new TriggerSpec(path, methods, auth.get()), k).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The trigger's auth block; empty when it has problems (already reported). */
    private Optional<AuthSpec> auth(NodeTuple tuple, String p) {
        if (tuple == null) {
            return Optional.of(AuthSpec.NONE);
        }
        MappingNode node = mapping(tuple.getValueNode(), p);
        if (node == null) {
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, NodeTuple> k = keys(node, p, AUTH_KEYS);
        AuthSpec.Type type = scalar(k, p, "type", t -> enumValue(AuthSpec.Type.class, t), AuthSpec.Type.NONE);
        Set<String> algorithms = new LinkedHashSet<>();
        NodeTuple algs = k.get("algorithms");
        if (algs != null && algs.getValueNode() instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> algorithms.add(n instanceof ScalarNode s ? s.getValue().toUpperCase(Locale.ROOT) : "?"));
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
        if (problems.size() > before) {
            return Optional.empty();
        }
        return construct(node, p, () -> new AuthSpec(type, algorithms, secret, publicKey, jwks, issuer, audience, claimsHeader), k);
    }

    private Set<String> methods(NodeTuple tuple, String p) {
        if (tuple == null) {
            return Set.of("GET", "POST");
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            add(tuple.getValueNode(), p, null, "must be a list, for example [GET, POST]");
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (Node n : seq.getValue()) {
            if (n instanceof ScalarNode s && TriggerSpec.ALL_METHODS.contains(s.getValue().toUpperCase(Locale.ROOT))) {
                out.add(s.getValue().toUpperCase(Locale.ROOT));
            } else {
                add(n, p, n instanceof ScalarNode s ? s.getValue() : null, "must be one of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS");
                return null;
            }
        }
        return out;
    }

    private void checkTriggersUnique(List<FunctionSpec> functions, NodeTuple where) {
        Map<String, String> seen = new LinkedHashMap<>();
        for (FunctionSpec f : functions) {
            for (TriggerSpec t : f.triggers()) {
                String other = seen.putIfAbsent(t.path(), f.name());
                if (other != null && where != null) {
                    add(where.getValueNode(), "functions." + f.name() + ".triggers", t.path(),
                            "trigger path is already used by function " + other);
                }
            }
        }
    }

    /** Builds a record; a violated invariant becomes a problem at the offending key (or the node itself). */
    private <T> Optional<T> construct(Node node, String p, Supplier<T> build, Map<String, NodeTuple> keys) {
        try {
            return Optional.of(build.get());
        } catch (SpecViolation v) {
            NodeTuple t = keys.get(v.key());
            add(t != null ? t.getValueNode() : node, p + "." + v.key(), v.value(), v.rule());
            return Optional.empty();
        }
    }

    // --- node helpers -------------------------------------------------------------------------------------------

    private MappingNode mapping(Node node, String p) {
        if (node instanceof MappingNode m) {
            return m;
        }
        add(node, p, null, "must be a mapping of key: value");
        return null;
    }

    private Map<String, NodeTuple> keys(MappingNode node, String p, Set<String> allowed) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            String key = keyText(t);
            if (!allowed.contains(key)) {
                String hint = KeySuggestions.nearest(key, allowed).map(s -> " (did you mean " + s + "?)").orElse("");
                add(t.getKeyNode(), p.isEmpty() ? key : p + "." + key, null, "unknown key" + hint);
            } else {
                out.put(key, t);
            }
        }
        return out;
    }

    private static String keyText(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
    }

    /** Reads a scalar key; absent → {@code fallback}; present but not convertible → a problem and {@code fallback}. */
    private <T> T scalar(Map<String, NodeTuple> keys, String p, String key, Function<String, T> convert, T fallback) {
        NodeTuple t = keys.get(key);
        if (t == null) {
            return fallback;
        }
        String path = p.isEmpty() ? key : p + "." + key;
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            add(t.getValueNode(), path, null, "must be a single value");
            return fallback;
        }
        try {
            return convert.apply(s.getValue());
        } catch (SpecViolation v) {
            add(s, path, s.getValue(), v.rule());
            return fallback;
        }
    }

    private Integer integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new SpecViolation("", text, "must be a whole number");
        }
    }

    private Duration duration(String text) {
        return Durations.parse(text).orElseThrow(() -> new SpecViolation("", text, "must be a duration such as 500ms, 10s, 5m or a number of seconds"));
    }

    private Runtime runtime(String text) {
        return Runtime.byId(text).orElseThrow(() -> new SpecViolation("", text, "unknown runtime; known: " + Runtime.known()));
    }

    /** A code directory, or a jar/zip file (java17), relative to the configuration file. */
    private Path codePath(String text) {
        Path path = file.toAbsolutePath().getParent().resolve(text).normalize();
        if (!Files.exists(path)) {
            throw new SpecViolation("", text, "no such directory or file (" + path + ")");
        }
        return path;
    }

    private Path existingFile(String text) {
        Path path = file.toAbsolutePath().getParent().resolve(text).normalize();
        if (!Files.isRegularFile(path)) {
            throw new SpecViolation("", text, "no such file (" + path + ")");
        }
        return path;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw new SpecViolation("", text, "must be one of " + String.join(", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()));
    }

    private void add(Node node, String keyPath, String value, String rule) {
        Mark m = node.getStartMark();
        add(m.getLine() + 1, m.getColumn() + 1, keyPath, value, rule);
    }

    private void add(int line, int column, String keyPath, String value, String rule) {
        problems.add(new Problem(file, line, column, keyPath, value, rule));
    }

    private ConfigException fail(int line, int column, String keyPath, String value, String rule) {
        add(line, column, keyPath, value, rule);
        return failed();
    }

    private ConfigException failed() {
        return new ConfigException(problems);
    }
}
