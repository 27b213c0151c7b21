package io.localfaas.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Custom domains of a Serverless Devs {@code s.yaml}: FC 2's {@code customDomains} of a {@code devsapp/fc} resource and
 * FC 3.0's {@code fc3-domain} resources, read into {@link DomainRoute}s that become extra triggers of the functions they
 * name ({@link #attach}, once every function was read). A {@code functionName} written as
 * {@code ${resources.<name>.props.functionName}} names that resource's function.
 */
final class CustomDomains {
    private static final Set<String> FC3_DOMAIN_PROPS = Set.of("region", "domainName", "protocol", "routeConfig", "certConfig",
            "tlsConfig", "authConfig", "wafConfig", "description");
    private static final Set<String> FC2_DOMAIN_KEYS = Set.of("domainName", "protocol", "routeConfigs", "certConfig", "tlsConfig",
            "wafConfig", "certId");
    private static final Set<String> ROUTE_KEYS = Set.of("path", "functionName", "serviceName", "qualifier", "methods", "rewriteConfig");
    private static final Set<String> REWRITE_KEYS = Set.of("equalRules", "wildcardRules", "regexRules");
    private static final Set<String> RULE_KEYS = Set.of("match", "replacement");
    private static final Pattern RESOURCE_FUNCTION = Pattern.compile("\\$\\{\\s*resources\\.([A-Za-z0-9_-]+)\\.props\\.functionName\\s*}");

    /** A route read, waiting for its function. */
    private record Pending(String function, Node where, String path, DomainRoute route, Set<String> methods, HttpStyle style) {
    }

    private final YamlReader r;
    private final List<Pending> pending = new ArrayList<>();
    /** Resource key → the function it declares (for {@code ${resources.x.props.functionName}}). */
    private final Map<String, String> functionOfResource = new LinkedHashMap<>();

    CustomDomains(YamlReader reader) {
        this.r = reader;
    }

    void resource(String key, String function) {
        functionOfResource.put(key, function);
    }

    /** FC 3.0: an {@code fc3-domain} resource's props. */
    void fc3Domain(MappingNode props, String p) {
        Map<String, NodeTuple> k = r.keys(props, p, FC3_DOMAIN_PROPS);
        ignored(k, p, "certConfig", "tlsConfig", "authConfig", "wafConfig");
        String domain = r.scalar(k, p, "domainName", Function.identity(), "auto");
        MappingNode config = r.block(k.get("routeConfig"), p + ".routeConfig");
        if (config == null) {
            if (!k.containsKey("routeConfig")) {
                r.add(props, p + ".routeConfig", null, "is required: {routes: [{path: /*, functionName: my-function}]}");
            }
            return;
        }
        Map<String, NodeTuple> ck = r.keys(config, p + ".routeConfig", Set.of("routes"));
        routes(ck.get("routes"), p + ".routeConfig.routes", domain, null, HttpStyle.FC3);
    }

    /** FC 2: a {@code devsapp/fc} resource's {@code customDomains}, whose routes default to its own function. */
    void fc2Domains(NodeTuple tuple, String p, String ownFunction) {
        eachMapping(tuple, p, "- {domainName: auto, routeConfigs: [{path: /*}]}", (d, dp) -> {
            Map<String, NodeTuple> k = r.keys(d, dp, FC2_DOMAIN_KEYS);
            ignored(k, dp, "certConfig", "tlsConfig", "wafConfig", "certId");
            String domain = r.scalar(k, dp, "domainName", Function.identity(), "auto");
            if (!k.containsKey("routeConfigs")) {
                r.add(d, dp + ".routeConfigs", null, "is required: [{path: /*}]");
            }
            routes(k.get("routeConfigs"), dp + ".routeConfigs", domain, ownFunction, HttpStyle.FC2);
        });
    }

    private void routes(NodeTuple tuple, String p, String domain, String defaultFunction, HttpStyle style) {
        eachMapping(tuple, p, "- {path: /*, functionName: my-function}", (node, rp) -> {
            Map<String, NodeTuple> k = r.keys(node, rp, ROUTE_KEYS);
            String path = r.scalar(k, rp, "path", Function.identity(), null);
            if (!k.containsKey("path")) {
                r.add(node, rp + ".path", null, "is required, for example /* or /api/*");
            }
            String function = functionName(k.get("functionName"), rp + ".functionName").orElse(defaultFunction);
            if (function == null) {
                r.add(node, rp + ".functionName", null, "is required: the function this route serves");
            }
            String qualifier = r.scalar(k, rp, "qualifier", Function.identity(), "LATEST");
            if (!qualifier.equals("LATEST")) {
                r.warn(k.get("qualifier").getValueNode(), rp + ".qualifier", qualifier, "served as LATEST (localfaas has no versions)");
            }
            Set<String> methods = r.methods(k.get("methods"), rp + ".methods", TriggerSpec.ALL_METHODS);
            List<DomainRoute.Rewrite> rewrites = rewrites(r.block(k.get("rewriteConfig"), rp + ".rewriteConfig"), rp + ".rewriteConfig");
            if (path == null || function == null || methods == null) {
                return;
            }
            DomainRoute route = r.construct(node, k::get, key -> YamlReader.join(rp, key), () -> new DomainRoute(domain, path, rewrites));
            if (route != null) {
                pending.add(new Pending(function, k.containsKey("functionName") ? k.get("functionName").getValueNode() : node, rp,
                        route, methods, style));
            }
        });
    }

    /** The function a route names: a plain name, or {@code ${resources.<key>.props.functionName}}. */
    private Optional<String> functionName(NodeTuple t, String p) {
        if (t == null) {
            return Optional.empty();
        }
        if (t.getValueNode() instanceof ScalarNode s) {
            Matcher m = RESOURCE_FUNCTION.matcher(s.getValue().trim());
            if (m.matches()) {
                String fn = functionOfResource.get(m.group(1));
                if (fn == null) {
                    r.add(s, p, s.getValue(), "names resource '" + m.group(1) + "', which declares no function in this file");
                }
                return Optional.ofNullable(fn);
            }
        }
        return Optional.ofNullable(r.scalarAt(t, p, Function.identity(), null));
    }

    private List<DomainRoute.Rewrite> rewrites(MappingNode config, String p) {
        List<DomainRoute.Rewrite> out = new ArrayList<>();
        if (config == null) {
            return out;
        }
        Map<String, NodeTuple> k = r.keys(config, p, REWRITE_KEYS);
        rules(k.get("equalRules"), p + ".equalRules", DomainRoute.RewriteKind.EQUAL, out);
        rules(k.get("wildcardRules"), p + ".wildcardRules", DomainRoute.RewriteKind.WILDCARD, out);
        rules(k.get("regexRules"), p + ".regexRules", DomainRoute.RewriteKind.REGEX, out);
        return out;
    }

    private void rules(NodeTuple tuple, String p, DomainRoute.RewriteKind kind, List<DomainRoute.Rewrite> out) {
        eachMapping(tuple, p, "- {match: /old/*, replacement: /new/$1}", (node, rp) -> {
            Map<String, NodeTuple> k = r.keys(node, rp, RULE_KEYS);
            String match = r.scalar(k, rp, "match", Function.identity(), null);
            String replacement = r.scalar(k, rp, "replacement", Function.identity(), null);
            if (match == null || replacement == null) {
                r.add(node, rp, null, "needs match and replacement");
                return;
            }
            DomainRoute.Rewrite rule = r.construct(node, k::get, key -> YamlReader.join(rp, key),
                    () -> new DomainRoute.Rewrite(kind, match, replacement));
            if (rule != null) {
                out.add(rule);
            }
        });
    }

    /** The functions with their custom-domain routes added as triggers; a route to an undeclared function is a problem. */
    List<FunctionSpec> attach(List<FunctionSpec> functions) {
        List<FunctionSpec> out = new ArrayList<>(functions);
        for (Pending p : pending) {
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).name().equals(p.function())) {
                    at = i;
                }
            }
            if (at < 0) {
                r.add(p.where(), p.path() + ".functionName", p.function(), "names no function declared in this file");
                continue;
            }
            FunctionSpec f = out.get(at);
            List<TriggerSpec> triggers = new ArrayList<>(f.triggers());
            triggers.add(TriggerSpec.domainRoute(p.route(), p.methods(), p.style()));
            out.set(at, f.withTriggers(triggers));
        }
        return out;
    }

    /** Each mapping of the list under {@code tuple} with its key path; a value that is not a list is a problem. */
    private void eachMapping(NodeTuple tuple, String p, String example, java.util.function.BiConsumer<MappingNode, String> each) {
        if (tuple == null) {
            return;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            r.add(tuple.getValueNode(), p, null, "must be a list: " + example);
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String ip = p + "[" + i + "]";
            MappingNode node = r.mapping(seq.getValue().get(i), ip);
            if (node != null) {
                each.accept(node, ip);
            }
        }
    }

    private void ignored(Map<String, NodeTuple> k, String p, String... keys) {
        for (String key : keys) {
            if (k.containsKey(key)) {
                r.warn(k.get(key).getKeyNode(), p + "." + key, null, "ignored locally (the gateway serves plain HTTP)");
            }
        }
    }
}
