package io.localfaas.spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.ByteBuffer;

/**
 * A dotenv file given with {@code --env-file}: environment variables that override or add to the functions' own, for
 * one run, without editing the configuration. {@code KEY=VALUE} lines (optionally {@code export KEY=VALUE}; values
 * bare, {@code "double-quoted"} with {@code \n}, {@code \"}, {@code \\} escapes, or {@code 'single-quoted'} as is;
 * {@code #} comments) apply to every function; lines after a {@code [function]} header apply to that function only and
 * win over the global ones. Names follow FC's rules (a letter, then letters, digits, {@code _}; {@code FC_} reserved).
 */
public record EnvFile(Path file, Map<String, String> all, Map<String, Map<String, String>> perFunction, Map<String, Integer> sectionLines) {
    /** Largest file read. */
    static final int MAX_BYTES = 1 << 20;

    public EnvFile {
        all = Map.copyOf(all);
        perFunction = Map.copyOf(perFunction);
        sectionLines = Map.copyOf(sectionLines);
    }

    /** Reads {@code file}; every malformed line is a problem with its line and column. */
    public static EnvFile read(Path file) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(List.of(new Problem(file, 0, 0, "", null, "file is larger than " + MAX_BYTES + " bytes")));
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new Problem(file, 0, 0, "", null, "no such file")));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(new Problem(file, 0, 0, "", null, "not UTF-8 text")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new Problem(file, 0, 0, "", null, "cannot read: " + e.getMessage())));
        }
        return parse(file, text);
    }

    static EnvFile parse(Path file, String text) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>();
        Map<String, Map<String, String>> per = new LinkedHashMap<>();
        Map<String, Integer> sections = new LinkedHashMap<>();
        Map<String, String> current = all;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i];
            String trimmed = line.strip();
            int indent = line.indexOf(trimmed.isEmpty() ? " " : trimmed.substring(0, 1)) + 1;
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                String name = trimmed.endsWith("]") ? trimmed.substring(1, trimmed.length() - 1).strip() : null;
                if (name == null || !Names.valid(name)) {
                    problems.add(new Problem(file, n, indent, trimmed, null, "a section header is [function-name]"));
                    continue;
                }
                current = per.computeIfAbsent(name, k -> new LinkedHashMap<>());
                sections.putIfAbsent(name, n);
                continue;
            }
            String body = trimmed.startsWith("export ") ? trimmed.substring(7).stripLeading() : trimmed;
            int eq = body.indexOf('=');
            if (eq <= 0) {
                problems.add(new Problem(file, n, indent, trimmed, null, "must be NAME=value"));
                continue;
            }
            String key = body.substring(0, eq).strip();
            if (!key.matches("[A-Za-z][A-Za-z0-9_]*")) {
                problems.add(new Problem(file, n, indent, key, null, "environment variable names start with a letter and hold letters, digits and _"));
                continue;
            }
            if (key.startsWith("FC_")) {
                problems.add(new Problem(file, n, indent, key, null, "the FC_ prefix is reserved for the platform"));
                continue;
            }
            String raw = body.substring(eq + 1).strip();
            String value = value(raw);
            if (value == null) {
                problems.add(new Problem(file, n, line.indexOf('=') + 2, key, raw, "a quoted value must end with its quote on the same line"));
                continue;
            }
            current.put(key, value);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new EnvFile(file, all, per, sections);
    }

    /** A value: quoted (double: with escapes; single: as is) or bare (up to a {@code " #"} comment); null when a quote is not closed. */
    private static String value(String raw) {
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char e = raw.charAt(++i);
                    out.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    out.append(c);
                }
            }
            return null;
        }
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            return end < 0 ? null : raw.substring(1, end);
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    /**
     * {@code app} with this file's variables over each function's own; a section naming no function of {@code app}
     * is a problem at its line.
     */
    public AppSpec applyTo(AppSpec app) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        for (var section : sectionLines.entrySet()) {
            if (app.function(section.getKey()).isEmpty()) {
                problems.add(new Problem(file, section.getValue(), 1, "[" + section.getKey() + "]", null,
                        "no function " + section.getKey() + " in " + app.source() + " (functions: "
                                + String.join(", ", app.functions().stream().map(FunctionSpec::name).toList()) + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<FunctionSpec> functions = new ArrayList<>();
        for (FunctionSpec f : app.functions()) {
            Map<String, String> env = new LinkedHashMap<>(f.environment());
            env.putAll(all);
            env.putAll(perFunction.getOrDefault(f.name(), Map.of()));
            functions.add(f.withEnvironment(env));
        }
        return new AppSpec(app.source(), app.service(), app.platform(), functions, app.timers());
    }
}
