package io.localfaas.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What both file formats share while walking a composed YAML node tree: problems and warnings with line and column,
 * key checks with suggestions, scalar conversion with {@code ${VAR}} substitution, and building a record so that
 * each of its violated invariants lands on the key that caused it.
 */
abstract class YamlReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code ${NAME}} or {@code ${NAME:-default}}; {@code $${} stays a literal {@code ${}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|\\$\\{");

    final Path file;
    private final Map<String, String> env;
    private final Set<Problem> problems;
    private final Set<Problem> warnings;
    /** Tuples a function inherited from the {@code defaults} block (identity): reported under {@code defaults.}. */
    final Set<NodeTuple> inherited = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Key paths that already have a problem. */
    private final Set<String> reported = new java.util.HashSet<>();
    private Confinement confinement;

    YamlReader(Path file, Map<String, String> env, Set<Problem> problems, Set<Problem> warnings) {
        this.file = file;
        this.env = env;
        this.problems = problems;
        this.warnings = warnings;
    }

    /** The variables the file is read with. */
    final Map<String, String> variables() {
        return env;
    }

    /**
     * A function as the document declares it: its name, the key path its settings are under (the problems about it start
     * with it), and how to take it out of the composed document ({@code faas up --only}).
     */
    record Declared(String name, String prefix, Runnable remove) {
        boolean owns(Problem p) {
            String k = p.keyPath();
            return k.equals(prefix) || k.startsWith(prefix + ".") || k.startsWith(prefix + "[");
        }
    }

    /** What {@link #read} returned (set by the loader). */
    AppSpec app;

    /** The functions read so far, in document order. */
    final List<Declared> declaredFunctions = new ArrayList<>();

    final void declare(String name, String prefix, Runnable remove) {
        declaredFunctions.add(new Declared(name, prefix, remove));
    }

    /** Reads the whole document; returns null when it has problems (already recorded). */
    abstract AppSpec read(MappingNode top);

    final boolean hasProblems() {
        return !problems.isEmpty();
    }

    final int problemCount() {
        return problems.size();
    }

    // --- structure ----------------------------------------------------------------------------------------------

    final MappingNode mapping(Node node, String p) {
        if (node instanceof MappingNode m) {
            return m;
        }
        add(node, p, null, "must be a mapping of key: value");
        return null;
    }

    /** The mapping under an optional key: null when the key is absent or (with a problem) not a mapping. */
    final MappingNode block(NodeTuple tuple, String p) {
        return tuple == null ? null : mapping(tuple.getValueNode(), p);
    }

    /** The mapping's keys that are {@code allowed}; any other key is a problem naming the nearest allowed one. */
    final Map<String, NodeTuple> keys(MappingNode node, String p, Set<String> allowed) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            String key = keyText(t);
            if (!allowed.contains(key)) {
                String hint = KeySuggestions.nearest(key, allowed).map(s -> " (did you mean " + s + "?)").orElse("");
                add(t.getKeyNode(), join(p, key), null, "unknown key" + hint);
            } else {
                out.put(key, t);
            }
        }
        return out;
    }

    static String keyText(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
    }

    static String join(String p, String key) {
        return p.isEmpty() ? key : p + "." + key;
    }

    /** The key path a problem about {@code key} is reported under: {@code defaults.key} when it was inherited. */
    final String path(String p, String key, NodeTuple t) {
        return t != null && inherited.contains(t) ? "defaults." + key : join(p, key);
    }

    // --- scalars ------------------------------------------------------------------------------------------------

    /** A scalar's text with {@code ${VAR}} substituted; null (and a problem) when a variable is unset or malformed. */
    final String text(ScalarNode s, String path) {
        String raw = expand(s, path, s.getValue());
        if (raw == null || !raw.contains("${")) {
            return raw;
        }
        Matcher m = VARIABLE.matcher(raw);
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else if (m.group(1) == null) {
                add(s, path, raw, "${ must be followed by a variable name and }, as in ${NAME} or ${NAME:-default} ($${ writes a literal ${)");
                ok = false;
                replacement = "";
            } else if (env.get(m.group(1)) != null) {
                replacement = env.get(m.group(1));
            } else if (m.group(2) != null) {
                replacement = m.group(2);
            } else {
                add(s, path, raw, "environment variable " + m.group(1) + " is not set (write ${" + m.group(1) + ":-default} to give a default)");
                ok = false;
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return ok ? out.toString() : null;
    }

    /**
     * A format's own references in a scalar (Serverless Devs' {@code ${vars.x}}, {@code ${env(X)}}), replaced before
     * {@code ${VAR}}; null (and a problem) when one cannot be. The native format and templates have none.
     */
    String expand(ScalarNode s, String path, String raw) {
        return raw;
    }

    /** Reads a scalar key; absent → {@code fallback}; present but not convertible → a problem and {@code fallback}. */
    final <T> T scalar(Map<String, NodeTuple> keys, String p, String key, Function<String, T> convert, T fallback) {
        return scalarAt(keys.get(key), path(p, key, keys.get(key)), convert, fallback);
    }

    final <T> T scalarAt(NodeTuple t, String path, Function<String, T> convert, T fallback) {
        if (t == null) {
            return fallback;
        }
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            add(t.getValueNode(), path, null, "must be a single value");
            return fallback;
        }
        if (s.getTag().equals(Tag.NULL)) {
            add(s, path, null, "has no value: give it one (\"\" for an empty string) or remove the key");
            return fallback;
        }
        String value = text(s, path);
        if (value == null) {
            return fallback;
        }
        try {
            return convert.apply(value);
        } catch (SpecViolation v) {
            add(s, path, value, v.rule());
            return fallback;
        }
    }

    final Integer integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new SpecViolation("", text, "must be a whole number");
        }
    }

    /** A number of vCPU such as {@code 0.35} or {@code 2}. */
    final Double decimal(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v) && text.trim().matches("[0-9.]+")) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SpecViolation("", text, "must be a number of vCPU such as 0.35");
    }

    /** {@code cpu} as written (vCPU), else empty: then it is derived from memorySize. */
    final java.util.OptionalDouble cpu(Map<String, NodeTuple> k, String p) {
        Double cpu = scalar(k, p, "cpu", this::decimal, null);
        return cpu == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(cpu);
    }

    final Duration duration(String text) {
        return Durations.parse(text).orElseThrow(() -> new SpecViolation("", text, "must be a duration such as 500ms, 10s, 5m or a number of seconds"));
    }

    /** A runtime id: ours, or an older FC one that runs on the nearest of ours (with a warning), else a problem. */
    final Runtime runtime(NodeTuple t, String path) {
        String id = scalarAt(t, path, Function.identity(), null);
        if (id == null) {
            return null;
        }
        var ours = Runtime.byId(id);
        if (ours.isPresent()) {
            return ours.get();
        }
        var nearest = Runtime.nearest(id);
        if (nearest.isPresent()) {
            warn(t.getValueNode(), path, id, "runs on " + nearest.get().id() + ", the nearest runtime localfaas has");
            return nearest.get();
        }
        String supported = "supported: " + Runtime.known() + " (nodejs4.4-nodejs20 run on nodejs18, java8 and java11 on java17,"
                + " python3.6-python3.12 on python3, custom.debian10-12 on custom)";
        if (Runtime.FC_UNSUPPORTED.contains(id)) {
            add(t.getValueNode(), path, id, "localfaas cannot run this Function Compute runtime; " + supported);
        } else {
            add(t.getValueNode(), path, id, "unknown runtime; known: " + Runtime.known());
        }
        return null;
    }

    /**
     * A code directory, or a jar (java17), relative to the configuration file. A zip is extracted into
     * {@code <state dir>/code/<name>-<digest>/} (kept while the zip is unchanged) and that folder is the code.
     */
    final Path codePath(String text) {
        Path path = file.toAbsolutePath().getParent().resolve(text).normalize();
        if (!Files.exists(path)) {
            throw new SpecViolation("", text, "no such directory or file (" + path + ")");
        }
        confine(text, path);
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            try {
                return CodeArchives.extract(path, stateBase().resolve("code"));
            } catch (IOException e) {
                throw new SpecViolation("", text, "cannot extract the zip: " + e.getMessage());
            }
        }
        return path;
    }

    /** The state directory: {@code $LOCALFAAS_STATE_DIR}, else {@code ~/.localfaas}. */
    final Path stateBase() {
        String state = stateDir();
        return (state != null && !state.isBlank() ? Path.of(state) : Path.of(System.getProperty("user.home"), ".localfaas")).toAbsolutePath();
    }

    /**
     * A mount's host directory, relative to the configuration file: created at launch when it does not exist; a file
     * (or anything else that is not a directory) is refused.
     */
    final Path mountSource(String text) {
        Path path = file.toAbsolutePath().getParent().resolve(text).normalize();
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new SpecViolation("", text, "is not a directory (" + path + ")");
        }
        confine(text, path);
        return path;
    }

    /** Refuses code or a mount source outside the project, the state folder and the allowed folders, or a system folder. */
    final void confine(String text, Path path) {
        if (confinement == null) {
            confinement = Confinement.of(file, stateBase(), System.getProperty("localfaas.allowMount", "") + java.io.File.pathSeparator
                    + env.getOrDefault(Confinement.ALLOW_ENV, ""));
        }
        confinement.require(text, path);
    }

    /** {@code LOCALFAAS_STATE_DIR} as the loader sees the environment; null when unset. */
    final String stateDir() {
        String fromProperty = System.getProperty("localfaas.stateDir");
        return fromProperty != null ? fromProperty : env.get("LOCALFAAS_STATE_DIR");
    }

    static boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new SpecViolation("", text, "must be true or false");
        };
    }

    final Path existingFile(String text) {
        Path path = file.toAbsolutePath().getParent().resolve(text).normalize();
        if (!Files.isRegularFile(path)) {
            throw new SpecViolation("", text, "no such file (" + path + ")");
        }
        return path;
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw new SpecViolation("", text, "must be one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList()));
    }

    /** Environment variables: names as FC allows them, values scalars (with ${VAR} substituted). */
    final Map<String, String> environment(NodeTuple tuple, String p) {
        Map<String, String> env = new LinkedHashMap<>();
        MappingNode node = block(tuple, p);
        if (node == null) {
            return env;
        }
        for (NodeTuple t : node.getValue()) {
            String key = keyText(t);
            String kp = p + "." + key;
            if (!key.matches("[A-Za-z][A-Za-z0-9_]*")) {
                add(t.getKeyNode(), kp, null, "environment variable names start with a letter and hold letters, digits and _");
            } else if (key.startsWith("FC_")) {
                add(t.getKeyNode(), kp, null, "the FC_ prefix is reserved for the platform");
            }
            String value = scalarAt(t, kp, Function.identity(), null);
            if (value != null) {
                env.put(key, value);
            }
        }
        long size = environmentBytes(env);
        if (size > MAX_ENVIRONMENT_BYTES) {
            add(node, p, null, "the variables take " + size + " bytes; Function Compute allows at most " + MAX_ENVIRONMENT_BYTES
                    + " (4 KB) in all (names and values, UTF-8)");
        }
        return env;
    }

    /** FC's cap on a function's environment variables, names and values together. */
    static final int MAX_ENVIRONMENT_BYTES = 4096;

    /** The bytes {@code env} takes as FC counts them: every name and value in UTF-8. Pure. */
    static long environmentBytes(Map<String, String> env) {
        long n = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            n += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return n;
    }

    /**
     * FC's custom-runtime settings as read: the command that starts the function's server and its arguments (empty: the
     * defaults), and the port it listens on (null: not written here).
     */
    record CustomRuntimeConfig(List<String> command, List<String> args, Integer port) {
        static final CustomRuntimeConfig NONE = new CustomRuntimeConfig(List.of(), List.of(), null);
    }

    /**
     * A {@code customRuntimeConfig} block, its keys spelled as the format spells them ({@code names}: command, args and,
     * where the format has it, port, mapped to the key written in the file), every other key a problem naming the nearest
     * one, except {@code ignored} keys (a warning each). Absent: {@link CustomRuntimeConfig#NONE}.
     */
    final CustomRuntimeConfig customRuntimeConfig(NodeTuple tuple, String p, Map<String, String> names, Set<String> ignored) {
        MappingNode node = block(tuple, p);
        if (node == null) {
            return CustomRuntimeConfig.NONE;
        }
        Set<String> allowed = new java.util.HashSet<>(names.values());
        allowed.addAll(ignored);
        Map<String, NodeTuple> k = keys(node, p, allowed);
        ignored.stream().filter(k::containsKey).sorted().forEach(x -> warn(k.get(x).getKeyNode(), p + "." + x, null, "ignored locally"));
        String command = names.get("command");
        String args = names.get("args");
        String port = names.get("port");
        return new CustomRuntimeConfig(strings(k.get(command), p + "." + command), strings(k.get(args), p + "." + args),
                port == null ? null : scalar(k, p, port, this::integer, null));
    }

    /**
     * A list of strings: a YAML list ({@code [node, server.js]}) or, as FC templates write it, a JSON array in a string
     * ({@code '["node", "server.js"]'}); absent: empty.
     */
    final List<String> strings(NodeTuple tuple, String p) {
        List<String> out = new ArrayList<>();
        if (tuple == null) {
            return out;
        }
        if (tuple.getValueNode() instanceof ScalarNode s) {
            String text = text(s, p);
            if (text == null) {
                return out;
            }
            try {
                out.addAll(List.of(JSON.readValue(text, String[].class)));
            } catch (IOException | RuntimeException e) {
                add(s, p, text, "must be a list of strings, for example [node, server.js] or '[\"node\", \"server.js\"]'");
            }
            return out;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            add(tuple.getValueNode(), p, null, "must be a list of strings, for example [node, server.js]");
            return out;
        }
        for (Node n : seq.getValue()) {
            String text = n instanceof ScalarNode s ? text(s, p) : null;
            if (text == null) {
                add(n, p, null, "must be a list of strings");
            } else {
                out.add(text);
            }
        }
        return out;
    }

    /** A list of HTTP methods (any case); {@code fallback} when absent; null (and a problem) when malformed. */
    final Set<String> methods(NodeTuple tuple, String p, Set<String> fallback) {
        if (tuple == null) {
            return fallback;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            add(tuple.getValueNode(), p, null, "must be a list, for example [GET, POST]");
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        boolean ok = true;
        for (Node n : seq.getValue()) {
            String m = n instanceof ScalarNode s ? text(s, p) : null;
            if (m != null && TriggerSpec.ALL_METHODS.contains(m.toUpperCase(Locale.ROOT))) {
                out.add(m.toUpperCase(Locale.ROOT));
            } else {
                add(n, p, m, "must be one of GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS");
                ok = false;
            }
        }
        return ok ? out : null;
    }

    // --- timer triggers -----------------------------------------------------------------------------------------

    /** Timer triggers read so far, in file order. */
    final List<TimerSpec> timers = new ArrayList<>();

    /**
     * A timer trigger of {@code function} from {@code config}'s keys: the cron expression (required), whether it is
     * enabled (default true) and its payload (default ""), under each format's own key names.
     */
    final void timer(String function, String name, MappingNode config, Map<String, NodeTuple> k, String p, String cronKey,
                     String enableKey, String payloadKey) {
        CronSchedule schedule = scalar(k, p, cronKey, CronSchedule::parse, null);
        if (!k.containsKey(cronKey)) {
            add(config, join(p, cronKey), null, "is required, for example '0 0/5 * * * *' (six fields, UTC) or '@every 1m'");
        }
        boolean enabled = scalar(k, p, enableKey, YamlReader::bool, true);
        String payload = scalar(k, p, payloadKey, Function.identity(), "");
        if (schedule != null) {
            timers.add(new TimerSpec(function, name, schedule, payload, enabled));
        }
    }

    /** The timers of the functions that were read (a function refused for its problems takes its timers with it). */
    final List<TimerSpec> timersOf(List<FunctionSpec> functions) {
        Set<String> names = new java.util.HashSet<>();
        functions.forEach(f -> names.add(f.name()));
        return timers.stream().filter(t -> names.contains(t.function())).toList();
    }

    // --- records ------------------------------------------------------------------------------------------------

    /**
     * Builds a record; each violated invariant becomes a problem at the key it names. {@code where} gives, for a
     * record component, the tuple it was read from (null: report at {@code node}) and {@code pathOf} its key path.
     */
    final <T> T construct(Node node, Function<String, NodeTuple> where, Function<String, String> pathOf, Supplier<T> build) {
        try {
            return build.get();
        } catch (SpecViolation violation) {
            for (SpecViolation v : violation.all()) {
                String path = pathOf.apply(v.key());
                if (reported.contains(path)) {
                    continue; // the value was already refused while reading it; the record saw a fallback
                }
                NodeTuple t = where.apply(v.key());
                add(t != null ? t.getValueNode() : node, path, v.value(), v.rule());
            }
            return null;
        }
    }

    // --- reporting ----------------------------------------------------------------------------------------------

    final void add(Node node, String keyPath, String value, String rule) {
        reported.add(keyPath);
        Mark m = node.getStartMark();
        problems.add(new Problem(file, m.getLine() + 1, m.getColumn() + 1, keyPath, value, rule));
    }

    final void warn(Node node, String keyPath, String value, String rule) {
        Mark m = node.getStartMark();
        warnings.add(new Problem(file, m.getLine() + 1, m.getColumn() + 1, keyPath, value, rule));
    }

    static Set<Problem> newProblemSet() {
        return new LinkedHashSet<>();
    }

    static List<Problem> list(Set<Problem> set) {
        return List.copyOf(set);
    }
}
