package io.localfaas.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.TriggerSpec;

/**
 * Maps a request's method and (decoded) path to a function. Pure: built once from the function specs.
 * <ul>
 *   <li>HTTP triggers from the YAML: the longest trigger path that is the request path or a prefix of it at a
 *       {@code /} boundary wins.</li>
 *   <li>FC's proxy path {@code /2016-08-15/proxy/<service>/<function>/<rest>}, for functions with an HTTP trigger;
 *       the function's code sees {@code /<rest>}.</li>
 * </ul>
 */
public final class Router {
    public static final String FC_PROXY_PREFIX = "/2016-08-15/proxy/";

    private record Entry(String function, TriggerSpec trigger) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, FunctionSpec> byName = new LinkedHashMap<>();

    public Router(List<FunctionSpec> functions) {
        for (FunctionSpec f : functions) {
            byName.put(f.name(), f);
            f.triggers().forEach(t -> entries.add(new Entry(f.name(), t)));
        }
        entries.sort(Comparator.comparingInt((Entry e) -> e.trigger().path().length()).reversed());
    }

    public Route resolve(String method, String path) {
        if (path.indexOf('\0') >= 0 || path.contains("/../") || path.endsWith("/..") || path.contains("/./") || path.endsWith("/.")) {
            return new Route.BadPath("path " + printable(path) + " contains a NUL byte or a . or .. segment");
        }
        if (path.startsWith(FC_PROXY_PREFIX)) {
            return resolveProxy(method, path);
        }
        for (Entry e : entries) {
            if (e.trigger().matches(path)) {
                if (!e.trigger().methods().contains(method)) {
                    return new Route.MethodNotAllowed(e.function(), e.trigger().methods());
                }
                return new Route.Found(e.function(), Optional.empty());
            }
        }
        return new Route.NotFound("no function is routed at " + printable(path));
    }

    private Route resolveProxy(String method, String path) {
        String[] parts = path.substring(FC_PROXY_PREFIX.length()).split("/", 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return new Route.NotFound("FC proxy paths are " + FC_PROXY_PREFIX + "<service>/<function>/<path>");
        }
        FunctionSpec f = byName.get(parts[1]);
        if (f == null || !f.service().equals(parts[0])) {
            return new Route.NotFound("function '" + printable(parts[1]) + "' does not exist in service '" + printable(parts[0]) + "'");
        }
        if (f.triggers().isEmpty()) {
            return new Route.NotFound("function '" + f.name() + "' has no HTTP trigger");
        }
        Set<String> allowed = new TreeSet<>();
        f.triggers().forEach(t -> allowed.addAll(t.methods()));
        if (!allowed.contains(method)) {
            return new Route.MethodNotAllowed(f.name(), allowed);
        }
        return new Route.Found(f.name(), Optional.of(FC_PROXY_PREFIX + f.service() + "/" + f.name() + "/"));
    }

    /** A path as it may appear in a message: control characters escaped, length bounded. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (b.length() > 200) {
                return b.append("…").toString();
            }
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
