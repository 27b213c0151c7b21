package io.localfaas.export;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.localfaas.spec.InstanceEnvironment;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.AuthSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.ScalingSpec;
import io.localfaas.spec.TriggerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pure mapping from a localfaas application to Knative Serving v1 Services. What maps (see the README's
 * "Knative" section for the table):
 * <ul>
 *   <li>{@code instanceConcurrency} → {@code containerConcurrency} (a hard limit per pod, as FC's is per instance)
 *       and the KPA's concurrency target at {@link KnativeOptions#targetUtilizationPercent()};</li>
 *   <li>{@code minInstances}/{@code maxInstances} → {@code autoscaling.knative.dev/min-scale}/{@code max-scale};</li>
 *   <li>{@code idleTimeout} → {@code autoscaling.knative.dev/scale-down-delay} (Knative allows at most 1 h);</li>
 *   <li>{@code scaling.policy: watermark} → the HPA class on its {@code cpu} mark (else {@code memory}, in Mi), or with
 *       {@code connections} only, the KPA's concurrency target over the policy's window;</li>
 *   <li>{@code timeout} → {@code timeoutSeconds}; {@code memorySize} → memory request and limit, and a CPU request in
 *       the same proportion the Docker backend gives CPU shares (1 vCPU per 1024 MB);</li>
 *   <li>the function's environment and the {@code FC_*} variables its runtime reads (less the per-instance ones:
 *       port, host, instance id), so the same code sees the same settings;</li>
 *   <li>a TCP readiness probe on the container port: the runtime's standalone mode listens only once the
 *       initializer has succeeded, so readiness covers it.</li>
 * </ul>
 * What Knative Serving has no field for (JWT trigger auth, trigger paths and methods, asynchronous invocation with
 * its retries) is returned as {@link Unmapped} with what to use instead; nothing is dropped silently.
 */
public final class KnativeMapping {
    /** The port the runtimes' standalone mode listens on by default ({@code $PORT}, Knative's default 8080). */
    public static final int RUNTIME_PORT = 8080;
    public static final String ANNOTATION_PREFIX = "autoscaling.knative.dev/";
    public static final Duration MAX_SCALE_DOWN_DELAY = Duration.ofHours(1);
    /** Per-instance variables the pod does not get from the manifest (Knative sets {@code PORT}). */
    static final Set<String> PER_INSTANCE = Set.of("FC_SERVER_PORT", "FC_SERVER_HOST", "FC_CUSTOM_LISTEN_PORT", "FC_INSTANCE_ID");

    private KnativeMapping() {
    }

    public static KnativeExport map(AppSpec app, KnativeOptions options) {
        List<Service> services = new ArrayList<>();
        List<Unmapped> unmapped = new ArrayList<>();
        for (FunctionSpec fn : app.functions()) {
            services.add(service(fn, options));
            unmapped.addAll(unmapped(fn));
        }
        if (!app.functions().isEmpty()) {
            unmapped.add(new Unmapped("*", "asynchronous invocation (x-fc-invocation-type: Async) with its retries and dead letters",
                    "Knative Eventing: send events to a Broker with a Trigger per function; delivery.retry and delivery.deadLetterSink"
                            + " take the place of FC's retries and destination"));
            unmapped.add(new Unmapped("*", InstanceEnvironment.GATEWAY_URL + " (the platform's URL that functions call each other through)",
                    "add it to the env of each Service whose function calls another, set to your ingress's URL (or call the other"
                            + " Service by its cluster-local name, http://<service>.<namespace>.svc.cluster.local)"));
        }
        return new KnativeExport(services, unmapped);
    }

    static Service service(FunctionSpec fn, KnativeOptions options) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/part-of", kubernetesName(fn.service()));
        labels.put("app.kubernetes.io/managed-by", "localfaas");
        labels.put("localfaas.io/service", fn.service());
        labels.put("localfaas.io/function", fn.name());
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(kubernetesName(fn.name()))
                    .withNamespace(options.namespace())
                    .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(Map.of("localfaas.io/function", fn.name()))
                            .withAnnotations(autoscaling(fn, options))
                        .endMetadata()
                        .withNewSpec()
                            .withContainerConcurrency((long) fn.instanceConcurrency())
                            .withTimeoutSeconds(fn.timeout().toSeconds())
                            .withContainers(container(fn, options))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    static Map<String, String> autoscaling(FunctionSpec fn, KnativeOptions options) {
        Map<String, String> a = new LinkedHashMap<>();
        ScalingSpec.Watermarks w = fn.scaling().watermarks();
        boolean watermark = fn.scaling().policy() == ScalingSpec.Policy.WATERMARK;
        if (watermark && (w.cpuPercent().isPresent() || w.memoryPercent().isPresent())) {
            // The HPA class watches one resource: CPU in percent of the request (memorySize / 1024 cores, as here),
            // memory as an average value in Mi.
            a.put(ANNOTATION_PREFIX + "class", "hpa.autoscaling.knative.dev");
            if (w.cpuPercent().isPresent()) {
                a.put(ANNOTATION_PREFIX + "metric", "cpu");
                a.put(ANNOTATION_PREFIX + "target", Integer.toString(w.cpuPercent().getAsInt()));
            } else {
                a.put(ANNOTATION_PREFIX + "metric", "memory");
                a.put(ANNOTATION_PREFIX + "target", Long.toString(Math.round(fn.memorySize() * w.memoryPercent().getAsInt() / 100.0)));
            }
        } else {
            a.put(ANNOTATION_PREFIX + "class", "kpa.autoscaling.knative.dev");
            a.put(ANNOTATION_PREFIX + "metric", "concurrency");
            if (watermark) {
                // connections only: the KPA's concurrency target, averaged over the policy's window
                a.put(ANNOTATION_PREFIX + "target", Integer.toString(w.connections().getAsInt()));
                a.put(ANNOTATION_PREFIX + "window", kpaWindow(fn.scaling().window()).toSeconds() + "s");
            } else {
                a.put(ANNOTATION_PREFIX + "target-utilization-percentage", Integer.toString(options.targetUtilizationPercent()));
            }
            Duration delay = fn.idleTimeout().compareTo(MAX_SCALE_DOWN_DELAY) > 0 ? MAX_SCALE_DOWN_DELAY : fn.idleTimeout();
            a.put(ANNOTATION_PREFIX + "scale-down-delay", delay.toSeconds() + "s");
        }
        a.put(ANNOTATION_PREFIX + "min-scale", Integer.toString(fn.minInstances()));
        a.put(ANNOTATION_PREFIX + "max-scale", Integer.toString(fn.maxInstances()));
        return a;
    }

    /** The KPA's stable window is 6s-1h. */
    static Duration kpaWindow(Duration window) {
        return window.compareTo(Duration.ofSeconds(6)) < 0 ? Duration.ofSeconds(6) : window;
    }

    static Container container(FunctionSpec fn, KnativeOptions options) {
        // A custom container and a custom-runtime function serve on their own port; the latter from its built image.
        boolean custom = fn.runtime().servesItself();
        int port = custom ? fn.caPort() : RUNTIME_PORT;
        String image = fn.runtime() == Runtime.CUSTOM_CONTAINER ? fn.image().orElseThrow() : options.imageRef().apply(fn);
        long millicores = Math.max(1, Math.round(fn.memorySize() * 1000.0 / 1024));
        ContainerBuilder c = new ContainerBuilder()
                .withName("function")
                .withImage(image)
                .addNewPort().withName("http1").withContainerPort(port).withProtocol("TCP").endPort()
                .withEnv(environment(fn))
                .withNewResources()
                    .addToRequests("memory", new Quantity(fn.memorySize() + "Mi"))
                    .addToRequests("cpu", new Quantity(millicores + "m"))
                    .addToLimits("memory", new Quantity(fn.memorySize() + "Mi"))
                .endResources()
                .withNewReadinessProbe()
                    .withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
                    .withSuccessThreshold(1)
                .endReadinessProbe();
        if (fn.runtime() == Runtime.CUSTOM) {
            // FC's custom runtime: customRuntimeConfig.command (else /code/bootstrap) in /code, the image's working directory.
            c.withCommand(fn.command().isEmpty() ? List.of("/code/bootstrap") : fn.command()).withArgs(fn.args().isEmpty() ? null : fn.args());
        } else if (custom) {
            c.withCommand(fn.command().isEmpty() ? null : fn.command()).withArgs(fn.args().isEmpty() ? null : fn.args());
        }
        return c.build();
    }

    /** The function's environment and its runtime's FC_* settings, in a stable order (the function's own first). */
    static List<EnvVar> environment(FunctionSpec fn) {
        List<EnvVar> out = new ArrayList<>();
        runtimeEnvironment(fn).forEach((k, v) -> out.add(new EnvVar(k, v, null)));
        return out;
    }

    /**
     * What a function's container runs with on Knative, in the image and in the manifest: the function's own variables
     * and the {@code FC_*} settings its runtime reads, less the per-instance ones (Knative sets {@code PORT}). A built-in
     * runtime also gets {@code FC_STANDALONE} ({@code http} when the function has HTTP triggers, else {@code event});
     * a custom container or custom-runtime function keeps {@code FC_SERVER_PORT} = its {@code caPort} on every address.
     */
    public static Map<String, String> runtimeEnvironment(FunctionSpec fn) {
        boolean custom = fn.runtime().servesItself();
        Map<String, String> env = new LinkedHashMap<>(InstanceEnvironment.of(fn, "", custom ? fn.caPort() : RUNTIME_PORT, "/code"));
        env.keySet().removeAll(PER_INSTANCE);
        if (custom) {
            env.put("FC_SERVER_PORT", Integer.toString(fn.caPort()));
            env.put("FC_SERVER_HOST", "0.0.0.0");
            env.put("FC_CUSTOM_LISTEN_PORT", Integer.toString(fn.caPort()));
        } else {
            env.put("FC_STANDALONE", standaloneMode(fn));
        }
        return env;
    }

    /** {@code http} for a function with HTTP triggers (every request is an HTTP invocation), else {@code event}. */
    public static String standaloneMode(FunctionSpec fn) {
        return fn.triggers().isEmpty() ? "event" : "http";
    }

    static List<Unmapped> unmapped(FunctionSpec fn) {
        List<Unmapped> out = new ArrayList<>();
        if (fn.runtime() == Runtime.PYTHON3) {
            out.add(new Unmapped(fn.name(), "the python3 runtime, which has no standalone mode yet (its image exits 2 under FC_STANDALONE)",
                    "a custom container serving the function's WSGI app or handler on $PORT"));
        }
        for (TriggerSpec t : fn.triggers()) {
            String methods = String.join(",", new TreeSet<>(t.methods()));
            out.add(new Unmapped(fn.name(), "HTTP trigger " + t.path() + " (" + methods + ")",
                    "Knative serves the whole host of the Service; route the path with your ingress (a Kourier/Istio route or a"
                            + " DomainMapping) and restrict methods there"));
            if (t.auth().type() == AuthSpec.Type.JWT) {
                out.add(new Unmapped(fn.name(), "JWT auth on trigger " + t.path() + " (" + String.join(",", new TreeSet<>(t.auth().algorithms()))
                        + ", claims in " + t.auth().claimsHeader() + ")",
                        "Istio RequestAuthentication + AuthorizationPolicy on the Service's pods (or your API gateway's JWT plugin);"
                                + " forward the verified claims in " + t.auth().claimsHeader() + " so the function code stays as it is"));
            }
        }
        for (var m : fn.mounts()) {
            out.add(new Unmapped(fn.name(), "mount of the host directory " + m.source() + " at " + m.target() + (m.readOnly() ? " (read-only)" : ""),
                    "a PersistentVolumeClaim mounted at " + m.target() + " (Knative's kubernetes.podspec-persistent-volume-claim"
                            + " feature; ReadWriteMany when several pods write), or an object store"));
        }
        ScalingSpec.Watermarks w = fn.scaling().watermarks();
        if (fn.scaling().policy() == ScalingSpec.Policy.WATERMARK && (w.cpuPercent().isPresent() || w.memoryPercent().isPresent())) {
            String used = w.cpuPercent().isPresent() ? "cpu" : "memory";
            if (w.cpuPercent().isPresent() && w.memoryPercent().isPresent()) {
                out.add(new Unmapped(fn.name(), "watermark memory " + w.memoryPercent().getAsInt() + "%",
                        "Knative's HPA class watches one metric (" + used + " here): add a second HorizontalPodAutoscaler metric by hand"));
            }
            if (w.connections().isPresent()) {
                out.add(new Unmapped(fn.name(), "watermark connections " + w.connections().getAsInt(),
                        "the HPA class does not watch requests; containerConcurrency still caps them per pod"));
            }
            out.add(new Unmapped(fn.name(), "scaling window " + fn.scaling().window().toSeconds() + "s and idleTimeout",
                    "the HPA's own scale-down stabilization applies (5 min by default); set behavior.scaleDown on the HPA to change it"));
        }
        if (fn.idleTimeout().compareTo(MAX_SCALE_DOWN_DELAY) > 0) {
            out.add(new Unmapped(fn.name(), "idleTimeout " + fn.idleTimeout().toSeconds() + "s",
                    "Knative's scale-down-delay is at most 1h: exported as 3600s; keep instances longer with min-scale"));
        }
        return out;
    }

    /**
     * A Kubernetes object name (DNS-1035 label: lower-case letters, digits and -, starting with a letter, at most 63
     * characters) for a localfaas name ({@code [A-Za-z_][A-Za-z0-9_-]{0,63}}): lower-cased, {@code _} becomes
     * {@code -}, a leading non-letter gets an {@code fn-} prefix, cut to 63 without a trailing {@code -}.
     */
    public static String kubernetesName(String name) {
        String s = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "fn-" + s.replaceFirst("^-+", "");
        }
        if (s.length() > 63) {
            s = s.substring(0, 63);
        }
        return s.replaceFirst("-+$", "");
    }
}
