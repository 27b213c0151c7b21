package io.localfaas.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Serverless Devs {@code s.yaml}: FC3 ({@code edition: 3.0.0}, {@code resources.<name>.component: fc3}, one function
 * per resource, service = the file's {@code name}) and the older FC2 form ({@code services.<name>.component: devsapp/fc},
 * {@code props.service}, {@code props.function}, {@code props.triggers}), read into the same model as the other
 * formats. An HTTP trigger is served at {@code /<service>/<function>}, as for templates. {@code ${vars.a.b}} and
 * {@code ${env(NAME)}} are resolved; other Serverless Devs references ({@code ${this.props...}}, {@code ${config(...)}},
 * outputs of other resources) cannot be locally: a warning at their line, and an empty value.
 */
final class ServerlessDevsReader extends YamlReader {
    private static final Set<String> TOP_KEYS = Set.of("edition", "name", "access", "vars", "resources", "services", "actions",
            "flow", "template", "extend");
    private static final Set<String> TOP_IGNORED = Set.of("actions", "flow", "template", "extend");
    private static final Set<String> RESOURCE_KEYS = Set.of("component", "props", "actions", "access", "extend");
    /** FC3 function props localfaas reads but cannot apply: a warning each ({@code region}, {@code description} are silent). */
    private static final Set<String> FC3_IGNORED = Set.of("diskSize", "logConfig", "role", "vpcConfig", "nasConfig",
            "ossMountConfig", "layers", "internetAccess", "gpuConfig", "instanceType", "asyncInvokeConfig", "concurrencyConfig",
            "provisionConfig", "tracingConfig", "tags", "customDNS", "supplement", "artifact",
            "sessionAffinity", "vpcBinding", "endpoint");
    private static final Set<String> FC3_PROPS = union(FC3_IGNORED, Set.of("region", "description", "functionName", "runtime",
            "code", "handler", "memorySize", "cpu", "timeout", "instanceConcurrency", "environmentVariables", "instanceLifecycleConfig",
            "customContainerConfig", "triggers", "customRuntimeConfig"));
    /** FC3 {@code customRuntimeConfig} keys; devsapp/fc's have no port (it is {@code caPort}). */
    private static final Map<String, String> FC3_CUSTOM_RUNTIME_KEYS = Map.of("command", "command", "args", "args", "port", "port");
    private static final Map<String, String> FC2_CUSTOM_RUNTIME_KEYS = Map.of("command", "command", "args", "args");
    private static final Set<String> FC3_CONTAINER_KEYS = Set.of("image", "port", "command", "entrypoint", "healthCheckConfig",
            "registryConfig", "accelerationType", "acrInstanceId", "webServerMode", "resolvedImageUri");
    private static final Set<String> FC3_LIFECYCLE_KEYS = Set.of("initializer", "preStop");
    private static final Set<String> FC3_HOOK_KEYS = Set.of("handler", "timeout", "command");
    private static final Set<String> FC3_TRIGGER_KEYS = Set.of("triggerName", "triggerType", "qualifier", "description",
            "invocationRole", "sourceArn", "triggerConfig");
    private static final Set<String> FC3_HTTP_KEYS = Set.of("authType", "methods", "disableURLInternet", "authConfig");

    private static final Set<String> FC2_PROPS = Set.of("region", "service", "function", "triggers", "customDomains");
    private static final Set<String> FC2_SERVICE_KEYS = Set.of("name", "description", "role", "logConfig", "vpcConfig", "nasConfig",
            "internetAccess", "tracingConfig", "ossMountConfig");
    private static final Set<String> FC2_FUNCTION_IGNORED = Set.of("layers", "instanceType", "asyncConfiguration", "gpuMemorySize",
            "customDNS", "customHealthCheckConfig", "ossBucket", "ossKey", "diskSize",
            "instanceSoftConcurrency");
    private static final Set<String> FC2_FUNCTION_KEYS = union(FC2_FUNCTION_IGNORED, Set.of("name", "description", "runtime", "customRuntimeConfig",
            "codeUri", "handler", "memorySize", "cpu", "timeout", "caPort", "initializer", "initializationTimeout", "instanceConcurrency",
            "environmentVariables", "customContainerConfig", "instanceLifecycleConfig"));
    /** Ignored keys that warn; {@code layers} is read ({@link LayerMounts}). */
    private static final Set<String> FC3_WARNED = without(FC3_IGNORED, "layers");
    private static final Set<String> FC2_FUNCTION_WARNED = without(FC2_FUNCTION_IGNORED, "layers");
    private static final Set<String> FC2_CONTAINER_KEYS = Set.of("image", "command", "args", "instanceID", "accelerationType");
    private static final Set<String> FC2_LIFECYCLE_KEYS = Set.of("preStop", "preFreeze");
    private static final Set<String> FC2_HOOK_KEYS = Set.of("handler", "timeout");
    private static final Set<String> FC2_TRIGGER_KEYS = Set.of("name", "type", "role", "sourceArn", "qualifier", "config");
    private static final Set<String> FC2_HTTP_KEYS = Set.of("authType", "methods", "disableURLInternet");
    private static final Set<String> TIMER_KEYS = Set.of("cronExpression", "enable", "payload");

    /** FC3's defaults where they differ from FC2's ([fc3] {@code src/default/config.ts}). */
    static final int FC3_DEFAULT_MEMORY_SIZE = 512;

    /** {@code ${...}} holding a Serverless Devs reference (a dot or a call), not a plain {@code ${NAME}}. */
    private static final Pattern REFERENCE = Pattern.compile("(?<!\\$)\\$\\{\\s*(?![A-Za-z_][A-Za-z0-9_]*:-)([^}]*?[.(][^}]*?)\\s*}");
    private static final Pattern ENV_CALL = Pattern.compile("env\\(\\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?\\s*\\)|env\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern WHOLE_VARS = Pattern.compile("\\$\\{\\s*vars((?:\\.[A-Za-z0-9_-]+)+)\\s*}");
    private static final Pattern VARS = Pattern.compile("vars((?:\\.[A-Za-z0-9_-]+)+)");

    private final Map<String, String> processEnv;
    private final CustomDomains domains = new CustomDomains(this);
    private MappingNode vars;

    /** Which function names were declared where (one name, one function, across services). */
    private final Map<String, String> declared = new LinkedHashMap<>();

    ServerlessDevsReader(Path file, Map<String, String> env, Set<Problem> problems, Set<Problem> warnings) {
        super(file, env, problems, warnings);
        this.processEnv = env;
    }

    /** True when a document's top-level keys say it is a Serverless Devs {@code s.yaml}. */
    static boolean isServerlessDevs(MappingNode top) {
        return top.getValue().stream().map(YamlReader::keyText)
                .anyMatch(k -> k.equals("edition") || k.equals("resources") || k.equals("services"));
    }

    @Override
    AppSpec read(MappingNode top) {
        Map<String, NodeTuple> keys = keys(top, "", TOP_KEYS);
        TOP_IGNORED.stream().filter(keys::containsKey).sorted()
                .forEach(k -> warn(keys.get(k).getKeyNode(), k, null, "ignored: localfaas reads resources (or services) only"));
        vars = keys.containsKey("vars") ? mapping(keys.get("vars").getValueNode(), "vars") : null;
        String appName = scalar(keys, "", "name", Function.identity(), null);
        NodeTuple blockTuple = keys.containsKey("resources") ? keys.get("resources") : keys.get("services");
        if (keys.containsKey("resources") && keys.containsKey("services")) {
            add(keys.get("services").getKeyNode(), "services", null, "write resources (edition 3.0.0) or services (edition 1.0.0), not both");
        }
        if (blockTuple == null) {
            add(top, "resources", null, "is required: it holds the functions (component: fc3)");
            return null;
        }
        String bp = keyText(blockTuple);
        MappingNode block = mapping(blockTuple.getValueNode(), bp);
        if (block == null) {
            return null;
        }
        List<FunctionSpec> functions = new ArrayList<>();
        String firstService = null;
        for (NodeTuple t : block.getValue()) {
            String rp = bp + "." + keyText(t);
            MappingNode resource = mapping(t.getValueNode(), rp);
            if (resource == null) {
                continue;
            }
            Map<String, NodeTuple> rk = keys(resource, rp, RESOURCE_KEYS);
            String component = scalar(rk, rp, "component", Function.identity(), null);
            if (!rk.containsKey("component")) {
                add(resource, rp + ".component", null, "is required, for example fc3");
                continue;
            }
            if (component == null) {
                continue;
            }
            String kind = component.replaceAll("@.*$", "").trim();
            if (!kind.equals("fc3") && !kind.equals("devsapp/fc") && !kind.equals("fc") && !kind.equals("fc3-domain")) {
                warn(rk.get("component").getValueNode(), rp + ".component", component,
                        "ignored: localfaas runs fc3, fc3-domain and devsapp/fc components only");
                continue;
            }
            MappingNode props = rk.containsKey("props") ? mapping(deref(rk.get("props").getValueNode()), rp + ".props") : null;
            if (props == null) {
                if (!rk.containsKey("props")) {
                    add(resource, rp + ".props", null, "is required: the function's settings");
                }
                continue;
            }
            if (kind.equals("fc3-domain")) {
                domains.fc3Domain(props, rp + ".props");
                continue;
            }
            FunctionSpec f;
            if (kind.equals("fc3")) {
                if (appName == null && !keys.containsKey("name")) {
                    add(top, "name", null, "is required: it names the service of the fc3 functions (their trigger path is /<name>/<function>)");
                }
                f = fc3(appName == null ? "service" : appName, keys.get("name"), props, rp + ".props");
            } else {
                f = fc2(props, rp + ".props");
            }
            declare(f != null ? f.name() : lastName != null ? lastName : keyText(t), rp, () -> block.getValue().remove(t));
            lastName = null;
            if (f != null) {
                domains.resource(keyText(t), f.name());
                functions.add(f);
                firstService = firstService == null ? f.service() : firstService;
            }
        }
        if (functions.isEmpty() && !hasProblems()) {
            add(block, bp, null, "declares no function (component: fc3, or devsapp/fc)");
        }
        List<FunctionSpec> routed = domains.attach(functions);
        return hasProblems() ? null : new AppSpec(file, firstService, PlatformSpec.DEFAULTS, routed, timersOf(routed));
    }

    // --- FC3 ----------------------------------------------------------------------------------------------------

    private FunctionSpec fc3(String service, NodeTuple serviceTuple, MappingNode node, String p) {
        Map<String, NodeTuple> k = keys(node, p, FC3_PROPS);
        Head head = head(node, k, p, FC3_WARNED, "functionName");
        String name = head.name();
        Runtime runtime = head.runtime();
        boolean container = runtime == Runtime.CUSTOM_CONTAINER;
        String handler = head.handler();
        Optional<Path> code = Optional.ofNullable(fc3Code(k.get("code"), p + ".code"));
        Duration timeout = scalar(k, p, "timeout", this::duration, NativeReader.DEFAULT_TIMEOUT);
        int memory = scalar(k, p, "memorySize", this::integer, FC3_DEFAULT_MEMORY_SIZE);
        java.util.OptionalDouble cpu = cpu(k, p);
        int concurrency = scalar(k, p, "instanceConcurrency", this::integer, NativeReader.DEFAULT_INSTANCE_CONCURRENCY);
        Map<String, String> env = environment(derefTuple(k.get("environmentVariables")), p + ".environmentVariables");
        Hooks hooks = fc3Hooks(k.get("instanceLifecycleConfig"), p + ".instanceLifecycleConfig");
        Container box = fc3Container(derefTuple(k.get("customContainerConfig")), p + ".customContainerConfig");
        CustomRuntimeConfig custom = customRuntimeConfig(derefTuple(k.get("customRuntimeConfig")), p + ".customRuntimeConfig",
                FC3_CUSTOM_RUNTIME_KEYS, Set.of("healthCheckConfig"));
        if (runtime == Runtime.CUSTOM) {
            box = new Container(Optional.empty(), custom.port() == null ? FunctionSpec.DEFAULT_CA_PORT : custom.port(), custom.command(),
                    custom.args());
        }
        int port = box.port();
        if (!container && runtime != Runtime.CUSTOM && port != FunctionSpec.DEFAULT_CA_PORT) {
            warn(node, p + ".customContainerConfig.port", String.valueOf(port), "ignored: not a custom-container function");
            port = FunctionSpec.DEFAULT_CA_PORT;
        }
        String fnName = name == null ? "function" : name;
        List<TriggerSpec> triggers = triggers(derefTuple(k.get("triggers")), p + ".triggers", "/" + service + "/" + fnName, fnName, true);
        List<MountSpec> mounts = LayerMounts.with(List.of(), LayerMounts.read(this, derefTuple(k.get("layers")), p + ".layers", fnName));
        if (runtime == null || name == null) {
            return null;
        }
        noteName(name, k.get("functionName"), p + ".functionName");
        Map<String, String> where = Map.of("name", "functionName", "codeUri", "code", "environment", "environmentVariables",
                "image", "customContainerConfig", "caPort", runtime == Runtime.CUSTOM ? "customRuntimeConfig" : "customContainerConfig",
                "initializer", "instanceLifecycleConfig", "initializationTimeout", "instanceLifecycleConfig");
        int caPort = port;
        Container settings = box;
        return build(node, k, p, where, serviceTuple, "name", () -> new FunctionSpec(service, name, runtime, code,
                CodeMode.MOUNT, settings.image(), handler == null ? "" : handler, hooks.initializer(), hooks.preStop(), hooks.initTimeout(),
                timeout, memory, concurrency, NativeReader.DEFAULT_MIN_INSTANCES, NativeReader.DEFAULT_MAX_INSTANCES,
                NativeReader.DEFAULT_IDLE_TIMEOUT, env, triggers, caPort, settings.command(), settings.args(), mounts).withCpu(cpu));
    }

    /** A function's name, runtime and handler (null where missing or refused: the problem is recorded). */
    private record Head(String name, Runtime runtime, String handler) {
    }

    /** The name of the function being read, as far as it was read (for {@code --only} when the function has problems). */
    private String lastName;

    /** Reads what both forms require of a function, and warns once for each key in {@code ignored}. */
    private Head head(MappingNode node, Map<String, NodeTuple> k, String p, Set<String> ignored, String nameKey) {
        ignored.stream().filter(k::containsKey).sorted().forEach(x -> warn(k.get(x).getKeyNode(), p + "." + x, null, "ignored locally"));
        String name = scalar(k, p, nameKey, Function.identity(), null);
        lastName = name;
        if (!k.containsKey(nameKey)) {
            add(node, p + "." + nameKey, null, "is required");
        }
        Runtime runtime = runtime(k.get("runtime"), p + ".runtime");
        if (!k.containsKey("runtime")) {
            add(node, p + ".runtime", null, "is required (one of " + Runtime.known() + ")");
        }
        String handler = scalar(k, p, "handler", Function.identity(), runtime != null && runtime.servesItself() ? "" : null);
        if (handler == null && !k.containsKey("handler") && runtime != null) {
            add(node, p + ".handler", null, "is required, for example index.handler");
        }
        return new Head(name, runtime, handler);
    }

    /** What a function's lifecycle settings hold. */
    private record Hooks(Optional<String> initializer, Duration initTimeout, Optional<String> preStop) {
    }

    /** What a custom container's settings hold ({@code command} replaces the image's ENTRYPOINT, {@code args} its CMD). */
    private record Container(Optional<String> image, int port, List<String> command, List<String> args) {
    }

    /** FC3 {@code instanceLifecycleConfig: {initializer: {handler, timeout}, preStop: {handler, timeout}}}. */
    private Hooks fc3Hooks(NodeTuple tuple, String lp) {
        Optional<String> initializer = Optional.empty();
        Optional<String> preStop = Optional.empty();
        Duration initTimeout = NativeReader.DEFAULT_INITIALIZATION_TIMEOUT;
        MappingNode lifecycle = block(tuple, lp);
        if (lifecycle != null) {
            Map<String, NodeTuple> lk = keys(lifecycle, lp, FC3_LIFECYCLE_KEYS);
            MappingNode init = block(lk.get("initializer"), lp + ".initializer");
            if (init != null) {
                Map<String, NodeTuple> ik = keys(init, lp + ".initializer", FC3_HOOK_KEYS);
                initializer = Optional.ofNullable(scalar(ik, lp + ".initializer", "handler", Function.identity(), null));
                initTimeout = scalar(ik, lp + ".initializer", "timeout", this::duration, initTimeout);
                ignoreCommand(ik, lp + ".initializer");
            }
            preStop = preStop(lk.get("preStop"), lp + ".preStop", FC3_HOOK_KEYS);
        }
        return new Hooks(initializer, initTimeout, preStop);
    }

    /** A {@code preStop: {handler, timeout}} block: the handler; the timeout is a warning. */
    private Optional<String> preStop(NodeTuple tuple, String sp, Set<String> allowed) {
        MappingNode stop = block(tuple, sp);
        if (stop == null) {
            return Optional.empty();
        }
        Map<String, NodeTuple> sk = keys(stop, sp, allowed);
        if (sk.containsKey("timeout")) {
            warn(sk.get("timeout").getKeyNode(), sp + ".timeout", null, "ignored: pre-stop runs within the shutdown grace period");
        }
        ignoreCommand(sk, sp);
        return Optional.ofNullable(scalar(sk, sp, "handler", Function.identity(), null));
    }

    /** FC3 {@code customContainerConfig: {image, port, entrypoint (the image's ENTRYPOINT), command (its CMD)}}. */
    private Container fc3Container(NodeTuple tuple, String cp) {
        MappingNode cc = block(tuple, cp);
        if (cc == null) {
            return new Container(Optional.empty(), FunctionSpec.DEFAULT_CA_PORT, List.of(), List.of());
        }
        Map<String, NodeTuple> ck = keys(cc, cp, FC3_CONTAINER_KEYS);
        for (String x : List.of("healthCheckConfig", "registryConfig", "accelerationType", "acrInstanceId")) {
            if (ck.containsKey(x)) {
                warn(ck.get(x).getKeyNode(), cp + "." + x, null, "ignored locally");
            }
        }
        return new Container(Optional.ofNullable(scalar(ck, cp, "image", Function.identity(), null)),
                scalar(ck, cp, "port", this::integer, FunctionSpec.DEFAULT_CA_PORT),
                strings(ck.get("entrypoint"), cp + ".entrypoint"), strings(ck.get("command"), cp + ".command"));
    }

    private void ignoreCommand(Map<String, NodeTuple> hook, String p) {
        if (hook.containsKey("command")) {
            warn(hook.get("command").getKeyNode(), p + ".command", null, "ignored: the hook runs the handler");
        }
    }

    /** FC3 {@code code}: a path, or {@code {src}}; an OSS object cannot be read locally. */
    private Path fc3Code(NodeTuple tuple, String p) {
        if (tuple == null) {
            return null;
        }
        Node value = deref(tuple.getValueNode());
        if (value instanceof MappingNode m) {
            Map<String, NodeTuple> ck = keys(m, p, Set.of("src", "ossBucketName", "ossObjectName"));
            if (!ck.containsKey("src")) {
                add(m, p + ".src", null, "is required locally: the code folder (an OSS object cannot be read here)");
                return null;
            }
            return scalar(ck, p, "src", this::codePath, null);
        }
        return scalarAt(new NodeTuple(tuple.getKeyNode(), value), p, this::codePath, null);
    }

    // --- devsapp/fc (FC2) ---------------------------------------------------------------------------------------

    private FunctionSpec fc2(MappingNode props, String p) {
        Map<String, NodeTuple> k = keys(props, p, FC2_PROPS);
        MappingNode svc = block(derefTuple(k.get("service")), p + ".service");
        String sp = p + ".service";
        String service = null;
        NodeTuple serviceName = null;
        if (svc == null) {
            if (!k.containsKey("service")) {
                add(props, sp, null, "is required: {name: my-service}");
            }
        } else {
            Map<String, NodeTuple> sk = keys(svc, sp, FC2_SERVICE_KEYS);
            sk.keySet().stream().filter(x -> !x.equals("name") && !x.equals("description")).sorted()
                    .forEach(x -> warn(sk.get(x).getKeyNode(), sp + "." + x, null, "ignored locally"));
            service = scalar(sk, sp, "name", Function.identity(), null);
            serviceName = sk.get("name");
            if (serviceName == null) {
                add(svc, sp + ".name", null, "is required");
            }
        }
        String fp = p + ".function";
        MappingNode node = block(derefTuple(k.get("function")), fp);
        if (node == null) {
            if (!k.containsKey("function")) {
                add(props, fp, null, "is required: {name, runtime, codeUri, handler, ...}");
            }
            return null;
        }
        Map<String, NodeTuple> f = keys(node, fp, FC2_FUNCTION_KEYS);
        Head head = head(node, f, fp, FC2_FUNCTION_WARNED, "name");
        String name = head.name();
        Runtime runtime = head.runtime();
        boolean container = runtime == Runtime.CUSTOM_CONTAINER;
        String handler = head.handler();
        int caPort = scalar(f, fp, "caPort", this::integer, FunctionSpec.DEFAULT_CA_PORT);
        if (!container && runtime != Runtime.CUSTOM && caPort != FunctionSpec.DEFAULT_CA_PORT) {
            warn(f.get("caPort").getValueNode(), fp + ".caPort", String.valueOf(caPort), "ignored: a built-in runtime listens where its runtime does");
            caPort = FunctionSpec.DEFAULT_CA_PORT;
        }
        Optional<Path> code = Optional.ofNullable(scalar(f, fp, "codeUri", this::codePath, null));
        Optional<String> initializer = Optional.ofNullable(scalar(f, fp, "initializer", Function.identity(), null));
        Duration initTimeout = scalar(f, fp, "initializationTimeout", this::duration, NativeReader.DEFAULT_INITIALIZATION_TIMEOUT);
        Duration timeout = scalar(f, fp, "timeout", this::duration, NativeReader.DEFAULT_TIMEOUT);
        int memory = scalar(f, fp, "memorySize", this::integer, NativeReader.DEFAULT_MEMORY_SIZE);
        java.util.OptionalDouble cpu = cpu(f, fp);
        int concurrency = scalar(f, fp, "instanceConcurrency", this::integer, NativeReader.DEFAULT_INSTANCE_CONCURRENCY);
        Map<String, String> env = environment(derefTuple(f.get("environmentVariables")), fp + ".environmentVariables");
        Optional<String> preStop = fc2PreStop(f.get("instanceLifecycleConfig"), fp + ".instanceLifecycleConfig");
        Container container0 = fc2Container(f.get("customContainerConfig"), fp + ".customContainerConfig", caPort);
        CustomRuntimeConfig custom = customRuntimeConfig(derefTuple(f.get("customRuntimeConfig")), fp + ".customRuntimeConfig",
                FC2_CUSTOM_RUNTIME_KEYS, Set.of());
        Container box = runtime == Runtime.CUSTOM ? new Container(Optional.empty(), caPort, custom.command(), custom.args()) : container0;
        String svcName = service == null ? "service" : service;
        List<TriggerSpec> triggers = triggers(derefTuple(k.get("triggers")), p + ".triggers",
                "/" + svcName + "/" + (name == null ? "function" : name), name == null ? "function" : name, false);
        List<MountSpec> mounts = LayerMounts.with(List.of(), LayerMounts.read(this, derefTuple(f.get("layers")), fp + ".layers",
                name == null ? "function" : name));
        if (runtime == null || name == null || service == null) {
            return null;
        }
        noteName(name, f.get("name"), fp + ".name");
        domains.fc2Domains(k.get("customDomains"), p + ".customDomains", name);
        Map<String, String> where = Map.of("environment", "environmentVariables", "image", "customContainerConfig",
                "preStop", "instanceLifecycleConfig");
        String named = service;
        return build(node, f, fp, where, serviceName, sp + ".name", () -> new FunctionSpec(named, name, runtime, code, CodeMode.MOUNT,
                box.image(), handler == null ? "" : handler, initializer, preStop, initTimeout, timeout, memory, concurrency,
                NativeReader.DEFAULT_MIN_INSTANCES, NativeReader.DEFAULT_MAX_INSTANCES, NativeReader.DEFAULT_IDLE_TIMEOUT, env,
                triggers, box.port(), box.command(), box.args(), mounts).withCpu(cpu));
    }

    /** devsapp/fc {@code instanceLifecycleConfig: {preStop: {handler, timeout}, preFreeze}}: the pre-stop handler. */
    private Optional<String> fc2PreStop(NodeTuple tuple, String lp) {
        MappingNode lifecycle = block(tuple, lp);
        if (lifecycle == null) {
            return Optional.empty();
        }
        Map<String, NodeTuple> lk = keys(lifecycle, lp, FC2_LIFECYCLE_KEYS);
        if (lk.containsKey("preFreeze")) {
            warn(lk.get("preFreeze").getKeyNode(), lp + ".preFreeze", null, "ignored: localfaas never freezes an instance");
        }
        return preStop(lk.get("preStop"), lp + ".preStop", FC2_HOOK_KEYS);
    }

    /** devsapp/fc {@code customContainerConfig: {image, command, args}} (lists or JSON-array strings); the port is {@code caPort}. */
    private Container fc2Container(NodeTuple tuple, String cp, int caPort) {
        MappingNode cc = block(tuple, cp);
        if (cc == null) {
            return new Container(Optional.empty(), caPort, List.of(), List.of());
        }
        Map<String, NodeTuple> ck = keys(cc, cp, FC2_CONTAINER_KEYS);
        return new Container(Optional.ofNullable(scalar(ck, cp, "image", Function.identity(), null)), caPort,
                strings(ck.get("command"), cp + ".command"), strings(ck.get("args"), cp + ".args"));
    }

    // --- shared -------------------------------------------------------------------------------------------------

    /** Builds the function so that each violated invariant lands on the s.yaml key it came from ({@code where}: model key → s.yaml key). */
    private FunctionSpec build(MappingNode node, Map<String, NodeTuple> k, String p, Map<String, String> where, NodeTuple serviceTuple,
                               String servicePath, Supplier<FunctionSpec> make) {
        return construct(node, key -> key.equals("service") ? serviceTuple : k.get(where.getOrDefault(key, key)),
                key -> key.equals("service") ? servicePath : p + "." + where.getOrDefault(key, key), make);
    }

    /** HTTP triggers become one trigger at {@code path}, timer triggers timers of {@code function}; other types are warnings. */
    private List<TriggerSpec> triggers(NodeTuple tuple, String p, String path, String function, boolean fc3) {
        List<TriggerSpec> out = new ArrayList<>();
        if (tuple == null) {
            return out;
        }
        if (!(tuple.getValueNode() instanceof SequenceNode seq)) {
            add(tuple.getValueNode(), p, null, "must be a list of triggers");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String tp = p + "[" + i + "]";
            MappingNode t = mapping(deref(seq.getValue().get(i)), tp);
            if (t == null) {
                continue;
            }
            Map<String, NodeTuple> k = keys(t, tp, fc3 ? FC3_TRIGGER_KEYS : FC2_TRIGGER_KEYS);
            String typeKey = fc3 ? "triggerType" : "type";
            String configKey = fc3 ? "triggerConfig" : "config";
            String type = scalar(k, tp, typeKey, s -> s.toLowerCase(Locale.ROOT), null);
            if (type == null) {
                if (!k.containsKey(typeKey)) {
                    add(t, tp + "." + typeKey, null, "is required, for example http");
                }
                continue;
            }
            if (type.equals("timer")) {
                String cp = tp + "." + configKey;
                MappingNode config = block(k.get(configKey), cp);
                if (config == null) {
                    add(t, cp, null, "is required: {cronExpression: '0 0/5 * * * *', enable: true}");
                } else {
                    String name = scalar(k, tp, fc3 ? "triggerName" : "name", Function.identity(), "timer");
                    timer(function, name, config, keys(config, cp, TIMER_KEYS), cp, "cronExpression", "enable", "payload");
                }
                continue;
            }
            if (!type.equals("http")) {
                warn(k.get(typeKey).getValueNode(), tp + "." + typeKey, type, "ignored: localfaas serves http and timer triggers only");
                continue;
            }
            if (!out.isEmpty()) {
                add(t, tp, null, "a function has at most one http trigger");
                continue;
            }
            String cp = tp + "." + configKey;
            MappingNode config = block(k.get(configKey), cp);
            if (config == null) {
                if (!k.containsKey(configKey)) {
                    add(t, cp, null, "is required: {authType: anonymous, methods: [GET, POST]}");
                }
                continue;
            }
            Map<String, NodeTuple> ck = keys(config, cp, fc3 ? FC3_HTTP_KEYS : FC2_HTTP_KEYS);
            String auth = scalar(ck, cp, "authType", s -> s.toLowerCase(Locale.ROOT), null);
            if (!ck.containsKey("authType")) {
                add(config, cp + ".authType", null, "is required: anonymous or function");
            } else if ("function".equals(auth) || "jwt".equals(auth)) {
                warn(ck.get("authType").getValueNode(), cp + ".authType", auth, "FC " + auth
                        + " auth is not checked locally: the trigger is anonymous (use the native format's auth: jwt to protect it)");
            } else if (auth != null && !auth.equals("anonymous")) {
                add(ck.get("authType").getValueNode(), cp + ".authType", auth, "must be anonymous, function" + (fc3 ? " or jwt" : ""));
            }
            if (ck.containsKey("authConfig") && !"jwt".equals(auth)) {
                warn(ck.get("authConfig").getKeyNode(), cp + ".authConfig", null, "ignored locally");
            }
            if (!ck.containsKey("methods")) {
                add(config, cp + ".methods", null, "is required, for example [GET, POST]");
            }
            var methods = methods(ck.get("methods"), cp + ".methods", null);
            if (methods != null) {
                TriggerSpec spec = construct(config, key -> ck.get(key), key -> cp + "." + key, () -> new TriggerSpec(path, methods, AuthSpec.NONE, fc3 ? HttpStyle.FC3 : HttpStyle.FC2));
                if (spec != null) {
                    out.add(spec);
                }
            }
        }
        return out;
    }

    /** A function name is declared once in the file (the platform knows functions by name). */
    private void noteName(String name, NodeTuple where, String p) {
        String first = declared.putIfAbsent(name, p);
        if (first != null && where != null) {
            add(where.getValueNode(), p, name, "function name already declared at " + first);
        }
    }

    /** A scalar that is exactly {@code ${vars.a.b}} naming a mapping or list stands for that node. */
    private Node deref(Node node) {
        if (node instanceof ScalarNode s && vars != null) {
            Matcher m = WHOLE_VARS.matcher(s.getValue().trim());
            if (m.matches()) {
                Node found = lookup(m.group(1));
                if (found instanceof MappingNode || found instanceof SequenceNode) {
                    return found;
                }
            }
        }
        return node;
    }

    private NodeTuple derefTuple(NodeTuple t) {
        return t == null ? null : new NodeTuple(t.getKeyNode(), deref(t.getValueNode()));
    }

    /** The node under {@code vars} at {@code .a.b}, or null. */
    private Node lookup(String dotted) {
        Node at = vars;
        for (String part : dotted.substring(1).split("\\.")) {
            if (!(at instanceof MappingNode m)) {
                return null;
            }
            at = m.getValue().stream().filter(t -> keyText(t).equals(part)).map(NodeTuple::getValueNode).findFirst().orElse(null);
        }
        return at;
    }

    @Override
    String expand(ScalarNode s, String path, String raw) {
        if (!raw.contains("${")) {
            return raw;
        }
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String ref = m.group(1).trim();
            String value = null;
            Matcher env = ENV_CALL.matcher(ref);
            Matcher v = VARS.matcher(ref);
            if (env.matches()) {
                String name = env.group(1) != null ? env.group(1) : env.group(2);
                value = processEnv.get(name);
                if (value == null) {
                    add(s, path, raw, "environment variable " + name + " is not set");
                    ok = false;
                    value = "";
                }
            } else if (v.matches() && lookup(v.group(1)) instanceof ScalarNode found) {
                value = found.getValue();
            } else {
                warn(s, path, raw, "${" + ref + "} cannot be resolved locally: left empty");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return ok ? out.toString() : null;
    }

    private static Set<String> without(Set<String> a, String key) {
        Set<String> out = new java.util.HashSet<>(a);
        out.remove(key);
        return Set.copyOf(out);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
