package io.localfaas.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.localfaas.spec.DomainRoute;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Names;
import io.localfaas.spec.TriggerSpec;

/**
 * Maps a request's method and (decoded) path to a function. Pure: built once from the function specs.
 * <ul>
 *   <li>HTTP triggers from the YAML: the longest trigger path that is the request path or a prefix of it at a
 *       {@code /} boundary wins.</li>
 *   <li>FC's proxy path {@code /2016-08-15/proxy/<service>/<function>/<rest>}, for functions with an HTTP trigger;
 *       the function's code sees {@code /<rest>}.</li>
 *   <li>FC's invoke API {@code POST /2016-08-15/services/<service>[.LATEST]/functions/<function>/invocations}, for
 *       every function; and FC 3.0's {@code POST /2023-03-30/functions/<function>/invocations[?qualifier=LATEST]}.</li>
 * </ul>
 */
public final class Router {
    public static final String FC_PREFIX = "/2016-08-15/";
    public static final String FC_PROXY_PREFIX = "/2016-08-15/proxy/";
    public static final String FC_SERVICES_PREFIX = "/2016-08-15/services/";
    /** FC 3.0's API: functions without services. */
    public static final String FC3_PREFIX = "/2023-03-30/";
    public static final String FC3_FUNCTIONS_PREFIX = "/2023-03-30/functions/";

    private record Entry(String function, TriggerSpec trigger, boolean event) {
    }

    /** The suffix of a function URL's host: {@code <function>.localhost}. */
    public static final String FUNCTION_URL_SUFFIX = ".localhost";

    private final List<Entry> entries = new ArrayList<>();
    /** The entries of custom domains' routes (most requests' Host names none: they skip the domain search). */
    private final List<Entry> domainEntries;
    private final Map<String, FunctionSpec> byName = new LinkedHashMap<>();
    private final boolean hostRouting;

    public Router(List<FunctionSpec> functions) {
        this(functions, true);
    }

    /** @param hostRouting whether function URLs ({@code <function>.localhost}) and custom domains' names route by Host */
    public Router(List<FunctionSpec> functions, boolean hostRouting) {
        this.hostRouting = hostRouting;
        for (FunctionSpec f : functions) {
            byName.put(f.name(), f);
            f.triggers().forEach(t -> entries.add(new Entry(f.name(), t, t.style().eventFor(f.runtime()))));
        }
        entries.sort(Comparator.comparingInt((Entry e) -> specificity(e.trigger())).reversed());
        domainEntries = entries.stream().filter(e -> e.trigger().domain().isPresent()).toList();
    }

    /**
     * Which route wins when several match: the longest pattern, a trigger's own path (a prefix at a {@code /}) before a
     * custom domain's {@code /x/*} of the same length, an exact domain path before both.
     */
    static int specificity(TriggerSpec t) {
        return t.domain().map(DomainRoute::specificity).orElseGet(() -> 2 * (t.path().endsWith("/") ? t.path().length() - 1 : t.path().length()) + 1);
    }

    /**
     * The function a function URL names: {@code hello.localhost:9000} → {@code hello} (the Host's first label, when the
     * rest is {@code localhost}). Pure.
     */
    static Optional<String> functionOfHost(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String h = hostName(host).toLowerCase(java.util.Locale.ROOT);
        if (!h.endsWith(FUNCTION_URL_SUFFIX) || h.length() == FUNCTION_URL_SUFFIX.length()) {
            return Optional.empty();
        }
        String label = hostName(host).substring(0, h.length() - FUNCTION_URL_SUFFIX.length());
        return label.contains(".") ? Optional.empty() : Optional.of(label);
    }

    /** A Host header's name without its port. */
    static String hostName(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    /** Whether {@code path} is under FC's API prefix, where FC's own error answers apply. */
    public static boolean isFcPath(String path) {
        return path.startsWith(FC_PREFIX) || path.startsWith(FC3_PREFIX);
    }

    public Route resolve(String method, String path) {
        return resolve(method, path, Optional.empty());
    }

    /** @param qualifier FC 3.0's {@code ?qualifier=} of an invocation (its only query parameter that routes) */
    public Route resolve(String method, String path, Optional<String> qualifier) {
        return resolve(method, Optional.empty(), path, qualifier);
    }

    /**
     * @param host the request's {@code Host}: a function URL ({@code <function>.localhost}) serves that function at
     *             the root, a custom domain's name serves only that domain's routes, any other host every route
     */
    public Route resolve(String method, Optional<String> host, String path, Optional<String> qualifier) {
        if (path.indexOf('\0') >= 0 || path.contains("/../") || path.endsWith("/..") || path.contains("/./") || path.endsWith("/.")) {
            return new Route.BadPath("path " + printable(path) + " contains a NUL byte or a . or .. segment");
        }
        if (hostRouting && host.isPresent()) {
            Optional<String> fn = functionOfHost(host.get());
            if (fn.isPresent()) {
                return resolveFunctionUrl(method, fn.get());
            }
            String name = hostName(host.get());
            List<Entry> domain = domainEntries.isEmpty() ? List.of()
                    : domainEntries.stream().filter(e -> e.trigger().domain().get().forHost(name)).toList();
            if (!domain.isEmpty()) {
                return match(domain, method, path).orElseGet(() -> new Route.NotFound("FunctionNotFound",
                        "no route of custom domain " + printable(name) + " matches " + printable(path)));
            }
        }
        if (path.startsWith(FC_PROXY_PREFIX)) {
            return resolveProxy(method, path);
        }
        if (path.startsWith(FC_SERVICES_PREFIX)) {
            return resolveInvoke(method, path);
        }
        if (path.startsWith(FC3_FUNCTIONS_PREFIX)) {
            return resolveFc3Invoke(method, path, qualifier.orElse("LATEST"));
        }
        if (isFcPath(path)) {
            return new Route.NotSupported(method, path);
        }
        return match(entries, method, path)
                .orElseGet(() -> new Route.NotFound("FunctionNotFound", "no function is routed at " + printable(path)));
    }

    /** The most specific of {@code candidates} (sorted) that serves {@code path}. */
    private static Optional<Route> match(List<Entry> candidates, String method, String path) {
        for (Entry e : candidates) {
            if (e.trigger().matches(path)) {
                if (!e.trigger().methods().contains(method)) {
                    return Optional.of(new Route.MethodNotAllowed(e.function(), e.trigger().methods()));
                }
                return Optional.of(new Route.Found(e.function(), Optional.empty(), e.trigger().auth(), e.event(), e.trigger().domain()));
            }
        }
        return Optional.empty();
    }

    /** FC 3.0's function URL: the function with an HTTP trigger serves every path of its own host, as sent. */
    private Route resolveFunctionUrl(String method, String hostLabel) {
        // Host names are case-insensitive (browsers send them in lower case); function names are not.
        String function = byName.containsKey(hostLabel) ? hostLabel : byName.keySet().stream()
                .filter(n -> n.equalsIgnoreCase(hostLabel)).findFirst().orElse(hostLabel);
        FunctionSpec f = byName.get(function);
        List<Entry> own = entries.stream().filter(e -> e.function().equals(function) && e.trigger().domain().isEmpty()).toList();
        if (f == null || own.isEmpty()) {
            return new Route.NotFound("FunctionNotFound", f == null
                    ? "no function '" + printable(function) + "' (a function URL is http://<function>.localhost:<port>/)"
                    : "function '" + function + "' has no HTTP trigger");
        }
        Optional<Entry> allowed = own.stream().filter(e -> e.trigger().methods().contains(method)).findFirst();
        if (allowed.isEmpty()) {
            Set<String> methods = new TreeSet<>();
            own.forEach(e -> methods.addAll(e.trigger().methods()));
            return new Route.MethodNotAllowed(function, methods);
        }
        return new Route.Found(function, Optional.empty(), allowed.get().trigger().auth(), allowed.get().event());
    }

    private Route resolveProxy(String method, String path) {
        String[] parts = path.substring(FC_PROXY_PREFIX.length()).split("/", 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return new Route.NotSupported(method, path);
        }
        Optional<Route> bad = badNames(parts[0], parts[1]);
        if (bad.isPresent()) {
            return bad.get();
        }
        Route known = known(parts[0], parts[1]);
        if (!(known instanceof Route.Invoke)) {
            return known;
        }
        FunctionSpec f = byName.get(parts[1]);
        if (f.triggers().isEmpty()) {
            return new Route.NotFound("FunctionNotFound", "function '" + f.name() + "' has no HTTP trigger");
        }
        Set<String> allowed = new TreeSet<>();
        f.triggers().forEach(t -> allowed.addAll(t.methods()));
        Optional<TriggerSpec> trigger = f.triggers().stream().filter(t -> t.methods().contains(method)).findFirst();
        if (trigger.isEmpty()) {
            return new Route.MethodNotAllowed(f.name(), allowed);
        }
        return new Route.Found(f.name(), Optional.of(FC_PROXY_PREFIX + f.service() + "/" + f.name() + "/"), trigger.get().auth(),
                trigger.get().style().eventFor(f.runtime()));
    }

    private Route resolveInvoke(String method, String path) {
        String[] parts = path.substring(FC_SERVICES_PREFIX.length()).split("/", -1);
        if (parts.length != 4 || !parts[1].equals("functions") || !parts[3].equals("invocations")) {
            return new Route.NotSupported(method, path);
        }
        String service = parts[0];
        String qualifier = "LATEST";
        int dot = service.indexOf('.');
        if (dot >= 0) {
            qualifier = service.substring(dot + 1);
            service = service.substring(0, dot);
        }
        Optional<Route> bad = badNames(service, parts[2]);
        if (bad.isPresent()) {
            return bad.get();
        }
        if (!method.equals("POST")) {
            return new Route.NotSupported(method, path);
        }
        Route known = known(service, parts[2]);
        if (known instanceof Route.Invoke && !qualifier.equals("LATEST")) {
            return new Route.NotFound("AliasNotFound", "alias '" + printable(qualifier) + "' does not exist in service '" + service
                    + "' (localfaas serves LATEST only)");
        }
        return known;
    }

    /** FC 3.0: {@code POST /2023-03-30/functions/<function>/invocations}; functions are known by name alone. */
    private Route resolveFc3Invoke(String method, String path, String qualifier) {
        String[] parts = path.substring(FC3_FUNCTIONS_PREFIX.length()).split("/", -1);
        if (parts.length != 2 || !parts[1].equals("invocations") || !method.equals("POST")) {
            return new Route.NotSupported(method, path);
        }
        if (!Names.valid(parts[0])) {
            return new Route.BadPath("function name '" + printable(parts[0]) + "' is invalid: must be " + Names.RULE);
        }
        FunctionSpec f = byName.get(parts[0]);
        if (f == null) {
            return new Route.NotFound("FunctionNotFound", "function '" + parts[0] + "' does not exist");
        }
        if (!qualifier.equals("LATEST")) {
            return new Route.NotFound("AliasNotFound", "alias '" + printable(qualifier) + "' of function '" + f.name()
                    + "' does not exist (localfaas serves LATEST only)");
        }
        return new Route.Invoke(f.name());
    }

    private static Optional<Route> badNames(String service, String function) {
        if (!Names.valid(service)) {
            return Optional.of(new Route.BadPath("service name '" + printable(service) + "' is invalid: must be " + Names.RULE));
        }
        if (!Names.valid(function)) {
            return Optional.of(new Route.BadPath("function name '" + printable(function) + "' is invalid: must be " + Names.RULE));
        }
        return Optional.empty();
    }

    /** Invoke when the service and function exist, NotFound with FC's code otherwise. */
    private Route known(String service, String function) {
        FunctionSpec f = byName.get(function);
        if (byName.values().stream().noneMatch(x -> x.service().equals(service))) {
            return new Route.NotFound("ServiceNotFound", "service '" + service + "' does not exist");
        }
        if (f == null || !f.service().equals(service)) {
            return new Route.NotFound("FunctionNotFound", "function '" + function + "' does not exist in service '" + service + "'");
        }
        return new Route.Invoke(f.name());
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
