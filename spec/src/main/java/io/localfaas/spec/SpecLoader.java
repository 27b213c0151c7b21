package io.localfaas.spec;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a configuration file into an {@link AppSpec}: the native format, a Funcraft {@code template.yml} or a
 * Serverless Devs {@code s.yaml}, told apart by content. It composes the YAML node tree (never arbitrary types, bounded size, aliases and depth), walks
 * it, and collects every problem with its line and column before giving up.
 */
public final class SpecLoader {
    /** Largest configuration file read, in bytes. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** Most aliases to collections a file may use (a "billion laughs" file needs many). */
    public static final int MAX_ALIASES = 20;
    /** Deepest nesting of collections. */
    public static final int MAX_DEPTH = 20;
    /** Most aliases of any kind (scalars too) a file may use. */
    public static final int MAX_ALL_ALIASES = 200;
    /** Most characters the aliases of a file may stand for, all together (a scalar-alias bomb repeats one big value). */
    public static final int MAX_ALIAS_EXPANSION = 64 * 1024;

    /** A loaded file and the warnings it gave (older runtime names, FC keys without local effect, ...). */
    public record Loaded(AppSpec app, List<Problem> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);

    private final Path file;
    private final Set<Problem> problems = YamlReader.newProblemSet();
    private final Set<Problem> warnings = YamlReader.newProblemSet();

    private SpecLoader(Path file) {
        this.file = file;
    }

    /** Loads {@code file} with the process environment for {@code ${VAR}}; relative paths resolve against the file's directory. */
    public static AppSpec load(Path file) throws ConfigException {
        return read(file, System.getenv()).app();
    }

    /** Loads {@code file}, substituting {@code ${VAR}} from {@code env}, and returns its warnings too. */
    public static Loaded read(Path file, Map<String, String> env) throws ConfigException {
        return read(file, env, Set.of());
    }

    /**
     * As {@link #read(Path, Map)}, keeping only the functions named in {@code only} (all when empty): the others are taken
     * out of the document before it is read, so that their problems do not refuse the file ({@code faas up --only}). A
     * name the file does not declare is a problem.
     */
    public static Loaded read(Path file, Map<String, String> env, Set<String> only) throws ConfigException {
        return new SpecLoader(file).run(env, only);
    }

    private Loaded run(Map<String, String> env, Set<String> only) throws ConfigException {
        String text = readText();
        Node root = compose(text);
        if (!(root instanceof MappingNode top)) {
            Mark m = root.getStartMark();
            throw fail(m.getLine() + 1, m.getColumn() + 1, "must be a mapping of key: value (service:, functions:, ...)");
        }
        boolean template = TemplateReader.isTemplate(top);
        if (template) {
            TemplateTags.resolve(top, file, warnings);
        }
        YamlReader reader = readOnce(top, template, env);
        if (!only.isEmpty()) {
            List<YamlReader.Declared> declared = List.copyOf(reader.declaredFunctions);
            List<String> names = declared.stream().map(YamlReader.Declared::name).toList();
            List<String> unknown = only.stream().filter(n -> !names.contains(n)).sorted().toList();
            if (!unknown.isEmpty()) {
                problems.clear();
                throw fail(0, 0, "--only " + String.join(",", unknown) + ": no such function; the file declares " + String.join(", ", names));
            }
            if (declared.stream().anyMatch(d -> !only.contains(d.name()))) {
                declared.stream().filter(d -> !only.contains(d.name())).forEach(d -> d.remove().run());
                problems.clear();
                warnings.clear();
                reader = readOnce(top, template, env);
            }
        }
        if (reader.app == null || !problems.isEmpty()) {
            throw failed(runnable(reader.declaredFunctions));
        }
        return new Loaded(reader.app, YamlReader.list(warnings));
    }

    /** Checks the nodes and reads the document with the reader its format needs; the result is in the reader's {@code app}. */
    private YamlReader readOnce(MappingNode top, boolean template, Map<String, String> env) throws ConfigException {
        checkNodes(top, "", Collections.newSetFromMap(new IdentityHashMap<>()));
        YamlReader reader;
        if (template) {
            reader = new TemplateReader(file, env, problems, warnings);
        } else if (top.getValue().stream().anyMatch(t -> YamlReader.keyText(t).equals("provider"))) {
            // Midway's f.yml and the Serverless Framework's serverless.yml: one line, not a problem per key.
            NodeTuple provider = top.getValue().stream().filter(t -> YamlReader.keyText(t).equals("provider")).findFirst().orElseThrow();
            Mark m = provider.getKeyNode().getStartMark();
            throw fail(m.getLine() + 1, m.getColumn() + 1, "a Midway f.yml or Serverless Framework serverless.yml (it has provider:), "
                    + "which localfaas does not read: it reads the native format, Funcraft template.yml and Serverless Devs s.yaml "
                    + "(config/README.md)");
        } else if (ServerlessDevsReader.isServerlessDevs(top)) {
            reader = new ServerlessDevsReader(file, env, problems, warnings);
        } else {
            reader = new NativeReader(file, env, problems, warnings);
        }
        reader.app = reader.read(top);
        return reader;
    }

    /**
     * When every problem belongs to a declared function and some functions have none: those (what {@code --only} could
     * run); else empty.
     */
    private List<String> runnable(List<YamlReader.Declared> declared) {
        if (problems.isEmpty() || !problems.stream().allMatch(p -> declared.stream().anyMatch(d -> d.owns(p)))) {
            return List.of();
        }
        return declared.stream().filter(d -> problems.stream().noneMatch(d::owns)).map(YamlReader.Declared::name).distinct().toList();
    }

    private String readText() throws ConfigException {
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw fail(0, 0, "not a regular file (a directory, device or pipe is not read)");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw fail(0, 0, "file is " + size + " bytes; a configuration file may have at most " + MAX_FILE_BYTES);
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw fail(0, 0, "no such file");
        } catch (CharacterCodingException e) {
            throw fail(0, 0, "not UTF-8 text (is it a binary file?)");
        } catch (IOException e) {
            throw fail(0, 0, "cannot read: " + e.getMessage());
        }
    }

    private Node compose(String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_FILE_BYTES);
        countAliases(text, options);
        try (Reader r = new StringReader(text)) {
            Node node = new Yaml(new SafeConstructor(options)).compose(r);
            if (node == null) {
                throw fail(0, 0, "file is empty: it needs service and functions (or a Funcraft template's Resources)");
            }
            return node;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null && what.startsWith("found duplicate key")) {
                what = what + " (" + e.getContext() + " at line " + (e.getContextMark().getLine() + 1) + ")";
            }
            throw fail(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "invalid YAML: " + oneLine(what));
        } catch (YAMLException | IOException e) {
            throw fail(0, 0, "invalid YAML: " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * Counts aliases of any kind, and the characters they stand for, on the parser's events, before any tree is built:
     * a bomb (a big scalar aliased thousands of times) is refused at its first alias over the bounds, at the anchor's
     * line, after reading only that far. A syntax error is left to {@link #compose}, which reports it.
     */
    private void countAliases(String text, LoaderOptions options) throws ConfigException {
        Map<String, Event> anchors = new HashMap<>();
        int aliases = 0;
        long expansion = 0;
        Event first = null;
        try (Reader r = new StringReader(text)) {
            for (Event e : new Yaml(new SafeConstructor(options)).parse(r)) {
                if (e instanceof NodeEvent n && n.getAnchor() != null && !(e instanceof AliasEvent)) {
                    anchors.put(n.getAnchor(), e);
                } else if (e instanceof AliasEvent a) {
                    Event anchored = anchors.get(a.getAnchor());
                    if (anchored == null) {
                        return; // an unknown anchor: compose says so
                    }
                    first = first == null ? anchored : first;
                    aliases++;
                    // What it stands for: a scalar's characters; a collection's own size was counted where it was anchored.
                    expansion += anchored instanceof ScalarEvent sc ? sc.getValue().length() : 1;
                    if (aliases > MAX_ALL_ALIASES || expansion > MAX_ALIAS_EXPANSION) {
                        Mark m = first.getStartMark();
                        throw fail(m.getLine() + 1, m.getColumn() + 1, "too many YAML aliases: " + aliases + " aliases standing for "
                                + expansion + " characters by line " + (a.getStartMark().getLine() + 1) + "; a configuration may use at most "
                                + MAX_ALL_ALIASES + " aliases for at most " + MAX_ALIAS_EXPANSION
                                + " characters in all (write the values out, or use ${VAR})");
                    }
                }
            }
        } catch (YAMLException | IOException e) {
            // reported by compose
        }
    }

    /**
     * snakeyaml refuses duplicate keys only when constructing objects, and this loader only composes: check here,
     * and refuse explicit tags ({@code !!java.lang.Object}, {@code !custom}): a configuration holds plain values.
     * Aliased nodes are visited once.
     */
    private void checkNodes(Node node, String path, Set<Node> visited) {
        if (!visited.add(node)) {
            return; // an alias: counted, with what it stands for, by countAliases before the tree was built
        }
        if (!PLAIN_TAGS.contains(node.getTag())) {
            Mark mark = node.getStartMark();
            problems.add(new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, path, null,
                    "YAML tags such as " + node.getTag().getValue() + " are not allowed: write plain values"));
        }
        if (node instanceof MappingNode m) {
            Map<String, Integer> seen = new HashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = YamlReader.keyText(t);
                String kp = YamlReader.join(path, key);
                Integer first = seen.putIfAbsent(key, t.getKeyNode().getStartMark().getLine() + 1);
                if (first != null) {
                    Mark mark = t.getKeyNode().getStartMark();
                    problems.add(new Problem(file, mark.getLine() + 1, mark.getColumn() + 1, kp, null,
                            "duplicate key (first at line " + first + ")"));
                }
                checkNodes(t.getValueNode(), kp, visited);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                checkNodes(seq.getValue().get(i), path + "[" + i + "]", visited);
            }
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    private ConfigException fail(int line, int column, String rule) {
        problems.add(new Problem(file, line, column, "", null, rule));
        return failed();
    }

    private ConfigException failed() {
        return failed(List.of());
    }

    private ConfigException failed(List<String> runnable) {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return new ConfigException(sorted, runnable);
    }
}
