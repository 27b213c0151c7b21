package io.localfaas.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The build actions of a Serverless Devs {@code s.yaml} that {@code s local} / {@code s deploy} would run first: the
 * {@code run} commands of its {@code pre-local} and {@code pre-deploy} hooks (also written
 * {@code pre-${regex('deploy|local')}}), top level and per resource, each in its {@code path}. Component and plugin
 * steps ({@code component: fc3 build}, {@code plugin: ...}) are listed but cannot run here. Pure: parses the text.
 */
public final class BuildActions {
    /** A hook key that runs before {@code s local} or {@code s deploy}. */
    private static final Pattern HOOK = Pattern.compile("pre-(deploy|local)|pre-\\$\\{\\s*regex\\(.*(deploy|local).*\\)\\s*}");

    /**
     * One step.
     *
     * @param resource the resource it belongs to ({@code (project)} for top-level actions)
     * @param run      the shell command; empty for a component or plugin step
     * @param what     the step as written ({@code run: mvn package}, {@code component: fc3 build})
     * @param dir      where it runs (the {@code path}, relative to the file's folder)
     */
    public record Action(String resource, String hook, Optional<String> run, String what, Path dir) {
        public boolean runnable() {
            return run.isPresent();
        }

        @Override
        public String toString() {
            return hook + " of " + resource + ": " + what + " (in " + dir + ")";
        }
    }

    private BuildActions() {
    }

    /** The actions of the s.yaml text {@code yaml} found at {@code file}, in file order; none for other formats. */
    public static List<Action> of(Path file, String yaml) {
        List<Action> out = new ArrayList<>();
        Object top;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(10);
            top = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (RuntimeException e) {
            return out;
        }
        if (!(top instanceof Map<?, ?> m)) {
            return out;
        }
        Path base = file.toAbsolutePath().getParent();
        hooks("(project)", m.get("actions"), base, out);
        Object resources = m.containsKey("resources") ? m.get("resources") : m.get("services");
        if (resources instanceof Map<?, ?> rs) {
            rs.forEach((name, r) -> {
                if (r instanceof Map<?, ?> rm) {
                    hooks(String.valueOf(name), rm.get("actions"), base, out);
                }
            });
        }
        return out;
    }

    private static void hooks(String resource, Object actions, Path base, List<Action> out) {
        if (!(actions instanceof Map<?, ?> hooks)) {
            return;
        }
        hooks.forEach((key, steps) -> {
            String hook = String.valueOf(key).strip();
            if (!HOOK.matcher(hook).matches() || !(steps instanceof List<?> list)) {
                return;
            }
            for (Object step : list) {
                if (step instanceof Map<?, ?> s) {
                    Path dir = base.resolve(String.valueOf(s.get("path") == null ? "." : s.get("path"))).normalize();
                    Object run = s.get("run");
                    String what = run != null ? "run: " + run
                            : s.get("component") != null ? "component: " + s.get("component")
                            : s.get("plugin") != null ? "plugin: " + s.get("plugin") : String.valueOf(s);
                    out.add(new Action(resource, hook, Optional.ofNullable(run).map(String::valueOf), what, dir));
                }
            }
        });
    }

    /**
     * The action that likely makes {@code missing} (a code path the loader did not find): the last runnable action
     * whose folder holds it, else the last runnable one. Pure.
     */
    public static Optional<Action> makerOf(Path missing, List<Action> actions) {
        Path m = missing.toAbsolutePath().normalize();
        Optional<Action> inside = actions.stream().filter(Action::runnable).filter(a -> m.startsWith(a.dir())).reduce((a, b) -> b);
        return inside.or(() -> actions.stream().filter(Action::runnable).reduce((a, b) -> b));
    }
}
