package io.localfaas.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure: what a function's layer reference stands for locally. FC unpacks a function's layers under {@code /opt}; here a
 * layer is a local folder or zip file, and the layers of a function are merged read-only at {@code /opt}
 * ({@link LayerFolders}).
 *
 * <p>A reference is a path (relative to the project file), or an FC layer ARN
 * {@code acs:fc:<region>:<account>:layers/<Name>/versions/<n>}, which maps, in this order, to:
 * <ol>
 * <li>the path given by {@code faas up --layer Name=PATH} or the variable {@code LOCALFAAS_LAYER_<NAME>} (the name in
 * upper case, other characters than letters and digits as {@code _});</li>
 * <li>{@code layers/<Name>/} (or {@code layers/<Name>.zip}) beside the project file;</li>
 * <li>for FC's official layers that only bring a language runtime ({@code Nodejs20}, {@code Python310}, {@code Java17},
 * ...): what the runtime images carry, with links at the layer's own paths ({@code /opt/nodejs20/bin/node} ...) and a
 * warning naming the version difference;</li>
 * <li>otherwise it is a problem that names the layer and both ways of mapping it.</li>
 * </ol>
 */
public final class Layers {
    /** Where layers are mounted, as on FC. */
    public static final String TARGET = "/opt";
    /** The folder beside the project file that ARNs map into. */
    public static final String FOLDER = "layers";

    private static final Pattern ARN = Pattern.compile("acs:fc:([^:]*):([^:]*):layers/([^/]+)/versions/([^/]+)");
    private static final Pattern OFFICIAL_RUNTIME = Pattern.compile("(?i)(nodejs|python|java)(\\d+)");

    private Layers() {
    }

    /** What a reference maps to. */
    public sealed interface Mapping permits Folder, Zip, RuntimeLayer, Unmapped {
    }

    /** A local folder whose content is the layer's. */
    public record Folder(Path path) implements Mapping {
    }

    /** A local zip file whose content is the layer's. */
    public record Zip(Path path) implements Mapping {
    }

    /**
     * An official runtime layer: {@code links} (paths below {@code /opt}) point at what the runtime images carry; {@code warning}
     * names the version difference.
     */
    public record RuntimeLayer(String name, Map<String, String> links, String warning) implements Mapping {
    }

    /** Not mapped: {@code problem} says why and how to map it. */
    public record Unmapped(String problem) implements Mapping {
    }

    /** The variable that maps layer {@code name} to a path. */
    public static String variable(String name) {
        return "LOCALFAAS_LAYER_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * @param ref        the reference as written
     * @param projectDir the project file's folder
     * @param env        the variables (with faas up's {@code --layer} options as {@link #variable} entries)
     * @param exists     whether a path exists (a folder or a file)
     * @param isZip      whether an existing path is a zip file
     */
    public static Mapping map(String ref, Path projectDir, Map<String, String> env, Predicate<Path> exists, Predicate<Path> isZip) {
        String text = ref.strip();
        Matcher arn = ARN.matcher(text);
        if (!arn.matches()) {
            if (text.startsWith("acs:")) {
                return new Unmapped("not a layer ARN (acs:fc:<region>:<account>:layers/<Name>/versions/<n>) nor a local path");
            }
            return local(projectDir.resolve(text).normalize(), exists, isZip).orElseGet(() -> new Unmapped("no such folder or zip file ("
                    + projectDir.resolve(text).normalize() + ")"));
        }
        String account = arn.group(2);
        String name = arn.group(3);
        String given = env.get(variable(name));
        if (given != null && !given.isBlank()) {
            Path path = projectDir.resolve(given.strip()).normalize();
            return local(path, exists, isZip).orElseGet(() -> new Unmapped("layer " + name + " is mapped to " + path + " (by --layer or "
                    + variable(name) + "), which is no folder or zip file"));
        }
        Path beside = projectDir.resolve(FOLDER).resolve(name);
        Optional<Mapping> folder = local(beside, exists, isZip);
        if (folder.isPresent()) {
            return folder.get();
        }
        Path zip = projectDir.resolve(FOLDER).resolve(name + ".zip");
        if (exists.test(zip) && isZip.test(zip)) {
            return new Zip(zip);
        }
        if ("official".equals(account)) {
            Optional<RuntimeLayer> runtime = officialRuntime(name);
            if (runtime.isPresent()) {
                return runtime.get();
            }
        }
        return new Unmapped("layer " + name + " is not mapped to a local folder: put its content (nodejs/node_modules, python, "
                + "java/lib, bin, ...) in " + beside + ", or run faas up --layer " + name + "=PATH (or set " + variable(name)
                + "=PATH)");
    }

    private static Optional<Mapping> local(Path path, Predicate<Path> exists, Predicate<Path> isZip) {
        if (!exists.test(path)) {
            return Optional.empty();
        }
        return Optional.of(isZip.test(path) ? new Zip(path) : new Folder(path));
    }

    /** FC's official layers that only bring a language runtime, mapped to the one in localfaas's runtime images. */
    static Optional<RuntimeLayer> officialRuntime(String name) {
        Matcher m = OFFICIAL_RUNTIME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        String digits = m.group(2);
        return Optional.ofNullable(switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "nodejs" -> {
                String dir = "nodejs" + digits + "/bin/";
                yield new RuntimeLayer(name, Map.of(dir + "node", "/usr/bin/node", dir + "npm", "/usr/bin/npm", dir + "npx", "/usr/bin/npx"),
                        versionWarning(name, "Node.js " + digits, "Node.js 18", "/opt/nodejs" + digits + "/bin"));
            }
            case "python" -> {
                if (digits.length() < 2 || digits.charAt(0) != '3') {
                    yield null;
                }
                String version = "3." + digits.substring(1);
                String dir = "python" + version + "/bin/";
                yield new RuntimeLayer(name, Map.of(dir + "python", "/usr/bin/python3", dir + "python3", "/usr/bin/python3",
                        dir + "pip", "/usr/bin/pip3", dir + "pip3", "/usr/bin/pip3"),
                        versionWarning(name, "Python " + version, "Python 3.11", "/opt/python" + version + "/bin"));
            }
            case "java" -> new RuntimeLayer(name, Map.of("java" + digits, "/usr/lib/jvm/java-17-openjdk-" + debianArch()),
                    versionWarning(name, "Java " + digits, "Java 17", "/opt/java" + digits));
            default -> null;
        });
    }

    private static String versionWarning(String name, String theirs, String ours, String where) {
        return "FC's official layer " + name + " brings " + theirs + "; localfaas maps it to the " + ours + " of its runtime images ("
                + where + " links to it)" + (theirs.equals(ours) ? "" : ": behaviour of " + theirs + " may differ");
    }

    private static String debianArch() {
        String arch = System.getProperty("os.arch", "amd64");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    /** Every mapping's problem, in order. */
    public static List<String> problems(List<Mapping> mappings) {
        return mappings.stream().filter(Unmapped.class::isInstance).map(m -> ((Unmapped) m).problem()).toList();
    }
}
