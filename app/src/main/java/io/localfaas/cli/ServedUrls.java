package io.localfaas.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.localfaas.gateway.Router;
import io.localfaas.spec.DomainRoute;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.TriggerSpec;

/**
 * The addresses {@code faas up} prints, per function, the ones FC users reach a function by first: its custom-domain
 * routes, its function URL ({@code http://<function>.localhost:<port>/}, or the curl line that reaches it where a
 * browser cannot), then its trigger paths and FC's proxy path; a function without an HTTP trigger is listed with how
 * to invoke it; the host folders mounted into it (FC's NAS). Pure.
 */
final class ServedUrls {
    /** A host label browsers resolve under {@code .localhost}: letters, digits, inner hyphens. */
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private ServedUrls() {
    }

    /**
     * @param base        the gateway's base URL ({@code http://127.0.0.1:8080})
     * @param port        the port it listens on
     * @param loopback    whether it listens where {@code *.localhost} names lead (a loopback or every address)
     * @param hostRouting whether function URLs and custom domains' names route by Host
     */
    static List<String> lines(List<FunctionSpec> functions, String base, int port, boolean loopback, boolean hostRouting) {
        List<String> out = new ArrayList<>();
        for (FunctionSpec f : functions) {
            List<TriggerSpec> own = f.triggers().stream().filter(t -> t.domain().isEmpty()).toList();
            for (TriggerSpec t : f.triggers()) {
                t.domain().ifPresent(d -> out.add(line(f.name(), methods(t), domainUrl(d, base, port, hostRouting))));
            }
            if (!own.isEmpty() && hostRouting) {
                out.add(line(f.name(), "(function URL)", functionUrl(f.name(), base, port, loopback)));
            }
            for (TriggerSpec t : own) {
                out.add(line(f.name(), methods(t), base + t.path()));
            }
            f.mounts().forEach(m -> out.add(line(f.name(), "(NAS folder)", m.source() + " -> " + m.target()
                    + (m.readOnly() ? " (read-only)" : ""))));
            if (!f.triggers().isEmpty()) {
                out.add(line(f.name(), "(FC path)", base + Router.FC_PROXY_PREFIX + f.service() + "/" + f.name() + "/"));
            } else {
                out.add(line(f.name(), "(event)", "faas invoke " + f.name() + "   or POST " + base + Router.FC3_FUNCTIONS_PREFIX + f.name()
                        + "/invocations"));
            }
        }
        return out;
    }

    /** A function URL, or how to reach it with curl when its name cannot be a host name here. */
    static String functionUrl(String function, String base, int port, boolean loopback) {
        String label = function.toLowerCase(Locale.ROOT);
        if (loopback && HOST_LABEL.matcher(label).matches()) {
            return "http://" + label + Router.FUNCTION_URL_SUFFIX + ":" + port + "/";
        }
        return "curl -H 'Host: " + label + Router.FUNCTION_URL_SUFFIX + "' " + base + "/"
                + (loopback ? "   (" + function + " is not a host name a browser takes)" : "   (*.localhost leads to loopback, not to this address)");
    }

    private static String domainUrl(DomainRoute d, String base, int port, boolean hostRouting) {
        String path = d.path().endsWith("/*") ? d.path().substring(0, d.path().length() - 1) : d.path();
        if (d.domainName().equalsIgnoreCase("auto") || !hostRouting) {
            return base + path + "   (custom domain " + d.domainName() + ", route " + d.path() + ")";
        }
        return base + path + "   (custom domain " + d.domainName() + ", route " + d.path() + "; or curl -H 'Host: " + d.domainName() + "' "
                + base + path + ")";
    }

    private static String methods(TriggerSpec t) {
        return t.methods().equals(TriggerSpec.ALL_METHODS) ? "(any method)" : String.join(",", new java.util.TreeSet<>(t.methods()));
    }

    private static String line(String function, String what, String where) {
        return String.format("  %-16s %-24s %s", function, what, where);
    }
}
