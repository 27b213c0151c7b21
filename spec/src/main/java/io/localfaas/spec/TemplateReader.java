package io.localfaas.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Funcraft's {@code template.yml} (ROS format 2015-09-01, transform Aliyun::Serverless-2018-04-03): one or more
 * {@code Aliyun::Serverless::Service}s with {@code Aliyun::Serverless::Function} children (function names unique in the
 * file; YAML tags resolved by {@link TemplateTags}), read into the same model as
 * the native format. FC keys that mean nothing locally are warnings; runtimes localfaas cannot run are problems.
 * Each function with an HTTP event gets the trigger path {@code /<service>/<function>} (FC's proxy path
 * {@code /2016-08-15/proxy/<service>/<function>/} is routed as well).
 */
final class TemplateReader extends YamlReader {
    static final String FORMAT_VERSION = "2015-09-01";
    static final String TRANSFORM = "Aliyun::Serverless-2018-04-03";
    static final String SERVICE_TYPE = "Aliyun::Serverless::Service";
    static final String FUNCTION_TYPE = "Aliyun::Serverless::Function";

    private static final Set<String> TOP_KEYS = Set.of("ROSTemplateFormatVersion", "Transform", "Resources", "Description",
            "Parameters", "Outputs", "Metadata", "Conditions", "Mappings");
    /** Ignored sections ({@code Parameters} are read: their defaults resolve {@code !Ref}). */
    private static final Set<String> TOP_IGNORED = Set.of("Outputs", "Metadata", "Conditions", "Mappings");
    private static final Set<String> SERVICE_PROPERTIES = Set.of("Description", "Role", "Policies", "LogConfig", "VpcConfig",
            "NasConfig", "InternetAccess", "TracingConfig");
    private static final Set<String> FUNCTION_PROPERTIES = Set.of("Handler", "Runtime", "CodeUri", "Initializer",
            "InitializationTimeout", "InstanceConcurrency", "MemorySize", "Timeout", "EnvironmentVariables", "CustomContainerConfig",
            "InstanceLifecycleConfig", "Description", "CAPort", "Layers", "InstanceType", "AsyncConfiguration", "CodeChecksum",
            "GpuMemorySize", "InstanceSoftConcurrency", "CustomRuntimeConfig");
    /** {@code CustomRuntimeConfig} keys (the port is {@code CAPort}). */
    private static final Map<String, String> CUSTOM_RUNTIME_KEYS = Map.of("command", "Command", "args", "Args");
    /** Function properties localfaas reads but cannot apply: a warning each. */
    private static final Set<String> FUNCTION_IGNORED = Set.of("Layers", "InstanceType", "AsyncConfiguration", "GpuMemorySize",
            "InstanceSoftConcurrency");
    private static final Set<String> NAS_KEYS = Set.of("UserId", "GroupId", "MountPoints");
    private static final Set<String> MOUNT_POINT_KEYS = Set.of("ServerAddr", "MountDir");
    private static final Set<String> CONTAINER_KEYS = Set.of("Image", "Command", "Args", "InstanceID", "AccelerationType");
    private static final Set<String> LIFECYCLE_KEYS = Set.of("PreStop", "PreFreeze");
    private static final Set<String> HOOK_KEYS = Set.of("Handler", "Timeout");
    private static final Set<String> EVENT_KEYS = Set.of("Type", "Properties");
    private static final Set<String> HTTP_KEYS = Set.of("AuthType", "Methods", "InvocationRole", "Qualifier");
    private static final Set<String> TIMER_KEYS = Set.of("CronExpression", "Enable", "Payload");

    /** Native model key → template property, so that a record's violation is reported at the template's key. */
    private static final Map<String, String> PROPERTY_OF = Map.ofEntries(Map.entry("handler", "Handler"),
            Map.entry("runtime", "Runtime"), Map.entry("codeUri", "CodeUri"), Map.entry("initializer", "Initializer"),
            Map.entry("initializationTimeout", "InitializationTimeout"), Map.entry("instanceConcurrency", "InstanceConcurrency"),
            Map.entry("memorySize", "MemorySize"), Map.entry("timeout", "Timeout"), Map.entry("environment", "EnvironmentVariables"),
            Map.entry("caPort", "CAPort"));

    /** What {@code CustomContainerConfig} holds. */
    private record Container(Optional<String> image, List<String> command, List<String> args) {
        static final Container NONE = new Container(Optional.empty(), List.of(), List.of());
    }

    /** Where each function name was declared: one name, one function, across services. */
    private final Map<String, String> declared = new java.util.HashMap<>();

    TemplateReader(Path file, Map<String, String> env, Set<Problem> problems, Set<Problem> warnings) {
        super(file, env, problems, warnings);
    }

    /** True when a document's top-level keys say it is a Funcraft template rather than the native format. */
    static boolean isTemplate(MappingNode top) {
        return top.getValue().stream().map(YamlReader::keyText)
                .anyMatch(k -> k.equals("ROSTemplateFormatVersion") || k.equals("Transform") || k.equals("Resources"));
    }

    @Override
    AppSpec read(MappingNode top) {
        Map<String, NodeTuple> keys = keys(top, "", TOP_KEYS);
        expect(keys, top, "ROSTemplateFormatVersion", FORMAT_VERSION);
        expect(keys, top, "Transform", TRANSFORM);
        TOP_IGNORED.stream().filter(keys::containsKey).sorted()
                .forEach(k -> warn(keys.get(k).getKeyNode(), k, null, "ignored: localfaas reads Resources only"));
        NodeTuple resources = keys.get("Resources");
        if (resources == null) {
            add(top, "Resources", null, "is required: it holds one " + SERVICE_TYPE);
            return null;
        }
        MappingNode res = mapping(resources.getValueNode(), "Resources");
        if (res == null) {
            return null;
        }
        List<NodeTuple> services = new ArrayList<>();
        for (NodeTuple t : res.getValue()) {
            String name = keyText(t);
            MappingNode r = mapping(t.getValueNode(), "Resources." + name);
            if (r == null) {
                continue;
            }
            String type = type(r, "Resources." + name);
            if (SERVICE_TYPE.equals(type)) {
                services.add(t);
            } else if (type != null) {
                warn(t.getKeyNode(), "Resources." + name + ".Type", type, "ignored: localfaas runs " + SERVICE_TYPE + " resources only");
            }
        }
        if (services.isEmpty()) {
            if (!hasProblems()) {
                add(res, "Resources", null, "declares no " + SERVICE_TYPE);
            }
            return null;
        }
        List<FunctionSpec> functions = new ArrayList<>();
        for (NodeTuple service : services) {
            functions.addAll(service(service, res));
        }
        return hasProblems() ? null : new AppSpec(file, keyText(services.get(0)), PlatformSpec.DEFAULTS, functions, timersOf(functions));
    }

    private void expect(Map<String, NodeTuple> keys, MappingNode top, String key, String value) {
        String found = scalar(keys, "", key, Function.identity(), null);
        if (!keys.containsKey(key)) {
            add(top, key, null, "is required in a Funcraft template: '" + value + "'");
        } else if (found != null && !found.equals(value)) {
            add(keys.get(key).getValueNode(), key, found, "must be '" + value + "'");
        }
    }

    /** The {@code Type} of a resource, or null (and a problem) when missing. */
    private String type(MappingNode r, String p) {
        for (NodeTuple t : r.getValue()) {
            if (keyText(t).equals("Type")) {
                return scalarAt(t, p + ".Type", Function.identity(), null);
            }
        }
        add(r, p + ".Type", null, "is required, for example " + SERVICE_TYPE);
        return null;
    }

    private List<FunctionSpec> service(NodeTuple tuple, MappingNode resources) {
        String name = keyText(tuple);
        String p = "Resources." + name;
        MappingNode node = (MappingNode) tuple.getValueNode();
        List<FunctionSpec> functions = new ArrayList<>();
        List<MountSpec> nas = new ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            if (keyText(t).equals("Properties")) {
                MappingNode props = mapping(t.getValueNode(), p + ".Properties");
                if (props != null) {
                    Map<String, NodeTuple> k = keys(props, p + ".Properties", SERVICE_PROPERTIES);
                    k.keySet().stream().filter(x -> !x.equals("Description") && !x.equals("NasConfig"))
                            .forEach(x -> warn(k.get(x).getKeyNode(), p + ".Properties." + x, null, "ignored locally"));
                    nas.addAll(nasConfig(k.get("NasConfig"), p + ".Properties.NasConfig"));
                }
            }
        }
        for (NodeTuple t : node.getValue()) {
            String key = keyText(t);
            if (key.equals("Type") || key.equals("Properties")) {
                continue;
            }
            MappingNode fn = mapping(t.getValueNode(), p + "." + key);
            if (fn == null) {
                continue;
            }
            String type = type(fn, p + "." + key);
            if (type != null && !type.equals(FUNCTION_TYPE)) {
                add(fn, p + "." + key + ".Type", type, "a service holds " + FUNCTION_TYPE + " resources only");
            } else if (type != null) {
                // Taken out with its service once the service holds no other function (a service must declare one).
                declare(key, p + "." + key, () -> {
                    node.getValue().remove(t);
                    if (node.getValue().stream().allMatch(x -> keyText(x).equals("Type") || keyText(x).equals("Properties"))) {
                        resources.getValue().remove(tuple);
                    }
                });
                FunctionSpec f = function(name, tuple, key, t, p + "." + key, nas);
                String first = declared.putIfAbsent(key, p + "." + key);
                if (first != null) {
                    add(t.getKeyNode(), p + "." + key, null, "function name already declared at " + first + " (localfaas knows functions by name)");
                } else if (f != null) {
                    functions.add(f);
                }
            }
        }
        if (functions.isEmpty() && !hasProblems()) {
            add(tuple.getKeyNode(), p, null, "declare at least one " + FUNCTION_TYPE);
        }
        return functions;
    }

    private FunctionSpec function(String service, NodeTuple serviceTuple, String name, NodeTuple tuple, String fp, List<MountSpec> nas) {
        Map<String, NodeTuple> top = keys((MappingNode) tuple.getValueNode(), fp, Set.of("Type", "Properties", "Events"));
        String p = fp + ".Properties";
        if (!top.containsKey("Properties")) {
            add(tuple.getValueNode(), p, null, "is required (Handler, Runtime, CodeUri, ...)");
            return null;
        }
        MappingNode node = mapping(top.get("Properties").getValueNode(), p);
        if (node == null) {
            return null;
        }
        Map<String, NodeTuple> k = keys(node, p, FUNCTION_PROPERTIES);
        FUNCTION_IGNORED.stream().filter(k::containsKey).filter(x -> !x.equals("Layers")).sorted()
                .forEach(x -> warn(k.get(x).getKeyNode(), p + "." + x, null, "ignored locally"));
        Runtime runtime = runtime(k.get("Runtime"), p + ".Runtime");
        if (!k.containsKey("Runtime")) {
            add(node, p + ".Runtime", null, "is required (one of " + Runtime.known() + ")");
        }
        boolean container = runtime != null && runtime.servesItself();
        int caPort = scalar(k, p, "CAPort", this::integer, FunctionSpec.DEFAULT_CA_PORT);
        if (!container && caPort != FunctionSpec.DEFAULT_CA_PORT) {
            warn(k.get("CAPort").getValueNode(), p + ".CAPort", String.valueOf(caPort),
                    "ignored: a " + (runtime == null ? "built-in" : runtime.id()) + " instance listens where its runtime does");
            caPort = FunctionSpec.DEFAULT_CA_PORT;
        }
        int port = caPort;
        String handler = scalar(k, p, "Handler", Function.identity(), container ? "" : null);
        if (handler == null && !k.containsKey("Handler") && runtime != null) {
            add(node, p + ".Handler", null, "is required, for example index.handler");
        }
        Optional<Path> codeUri = Optional.ofNullable(scalar(k, p, "CodeUri", this::codePath, null));
        Container image = container(k.get("CustomContainerConfig"), p + ".CustomContainerConfig");
        CustomRuntimeConfig custom = customRuntimeConfig(k.get("CustomRuntimeConfig"), p + ".CustomRuntimeConfig", CUSTOM_RUNTIME_KEYS,
                Set.of());
        if (runtime == Runtime.CUSTOM) {
            image = new Container(Optional.empty(), custom.command(), custom.args());
        }
        Container box = image;
        Optional<String> initializer = Optional.ofNullable(scalar(k, p, "Initializer", Function.identity(), null));
        Optional<String> preStop = preStop(k.get("InstanceLifecycleConfig"), p + ".InstanceLifecycleConfig");
        Duration initTimeout = scalar(k, p, "InitializationTimeout", this::duration, NativeReader.DEFAULT_INITIALIZATION_TIMEOUT);
        Duration timeout = scalar(k, p, "Timeout", this::duration, NativeReader.DEFAULT_TIMEOUT);
        int memory = scalar(k, p, "MemorySize", this::integer, NativeReader.DEFAULT_MEMORY_SIZE);
        int concurrency = scalar(k, p, "InstanceConcurrency", this::integer, NativeReader.DEFAULT_INSTANCE_CONCURRENCY);
        Map<String, String> env = environment(k.get("EnvironmentVariables"), p + ".EnvironmentVariables");
        List<TriggerSpec> triggers = events(top.get("Events"), fp + ".Events", "/" + service + "/" + name, name);
        List<MountSpec> mounts = LayerMounts.with(nas, LayerMounts.read(this, k.get("Layers"), p + ".Layers", name));
        if (runtime == null) {
            return null;
        }
        String h = handler == null ? "" : handler;
        return construct(node, key -> switch (key) {
            case "name" -> null;
            case "service" -> null;
            case "image" -> k.get("CustomContainerConfig");
            default -> k.get(PROPERTY_OF.getOrDefault(key, key));
        }, key -> switch (key) {
            case "name" -> fp;
            case "service" -> "Resources." + keyText(serviceTuple);
            case "image" -> p + ".CustomContainerConfig.Image";
            default -> p + "." + PROPERTY_OF.getOrDefault(key, key);
        }, () -> new FunctionSpec(service, name, runtime, codeUri, CodeMode.MOUNT, box.image(), h, initializer, preStop,
                initTimeout, timeout, memory, concurrency, NativeReader.DEFAULT_MIN_INSTANCES, NativeReader.DEFAULT_MAX_INSTANCES,
                NativeReader.DEFAULT_IDLE_TIMEOUT, env, triggers, port, box.command(), box.args(), mounts));
    }

    /**
     * The service's {@code NasConfig}: each of its {@code MountPoints} ({@code ServerAddr}, {@code MountDir}) becomes a
     * read-write mount of a local directory standing in for that NAS file system,
     * {@code <state dir>/nas/<ServerAddr with every character outside [A-Za-z0-9._-] as _>}, where the state dir is
     * {@code $LOCALFAAS_STATE_DIR}, else {@code ~/.localfaas}. {@code UserId}/{@code GroupId} are ignored (warning);
     * {@code NasConfig: Auto} is a problem (there is no file system to create).
     */
    private List<MountSpec> nasConfig(NodeTuple tuple, String p) {
        List<MountSpec> out = new ArrayList<>();
        if (tuple == null) {
            return out;
        }
        if (tuple.getValueNode() instanceof ScalarNode) {
            add(tuple.getValueNode(), p, scalarAt(tuple, p, Function.identity(), null),
                    "must list MountPoints locally ({MountPoints: [{ServerAddr: ..., MountDir: /mnt/data}]})");
            return out;
        }
        MappingNode node = mapping(tuple.getValueNode(), p);
        if (node == null) {
            return out;
        }
        Map<String, NodeTuple> k = keys(node, p, NAS_KEYS);
        for (String ignored : List.of("UserId", "GroupId")) {
            if (k.containsKey(ignored)) {
                warn(k.get(ignored).getKeyNode(), p + "." + ignored, null, "ignored: instances run as the runtime image's user");
            }
        }
        NodeTuple points = k.get("MountPoints");
        if (points == null) {
            add(node, p + ".MountPoints", null, "is required, for example [{ServerAddr: 'nas.example:/data', MountDir: /mnt/data}]");
            return out;
        }
        if (!(points.getValueNode() instanceof org.yaml.snakeyaml.nodes.SequenceNode seq)) {
            add(points.getValueNode(), p + ".MountPoints", null, "must be a list of {ServerAddr, MountDir}");
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String mp = p + ".MountPoints[" + i + "]";
            MappingNode m = mapping(seq.getValue().get(i), mp);
            if (m == null) {
                continue;
            }
            Map<String, NodeTuple> mk = keys(m, mp, MOUNT_POINT_KEYS);
            String server = scalar(mk, mp, "ServerAddr", Function.identity(), null);
            String dir = scalar(mk, mp, "MountDir", Function.identity(), null);
            for (String required : List.of("ServerAddr", "MountDir")) {
                if (!mk.containsKey(required)) {
                    add(m, mp + "." + required, null, "is required");
                }
            }
            if (server != null && dir != null) {
                Path local = nasDirectory(server);
                if (java.nio.file.Files.exists(local) && !java.nio.file.Files.isDirectory(local)) {
                    add(mk.get("ServerAddr").getValueNode(), mp + ".ServerAddr", server, "its local directory " + local + " is not a directory");
                    continue;
                }
                MountSpec spec = construct(m, key -> mk.get(key.equals("target") ? "MountDir" : "ServerAddr"),
                        key -> mp + "." + (key.equals("target") ? "MountDir" : "ServerAddr"), () -> new MountSpec(local, dir, false));
                if (spec != null) {
                    out.add(spec);
                }
            }
        }
        return out;
    }

    /** The local directory that stands in for a NAS {@code ServerAddr}. */
    Path nasDirectory(String serverAddr) {
        return stateBase().resolve("nas").resolve(serverAddr.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_")).normalize();
    }

    private Container container(NodeTuple tuple, String p) {
        MappingNode node = block(tuple, p);
        if (node == null) {
            return Container.NONE;
        }
        Map<String, NodeTuple> k = keys(node, p, CONTAINER_KEYS);
        return new Container(Optional.ofNullable(scalar(k, p, "Image", Function.identity(), null)),
                strings(k.get("Command"), p + ".Command"), strings(k.get("Args"), p + ".Args"));
    }

    private Optional<String> preStop(NodeTuple tuple, String p) {
        MappingNode node = block(tuple, p);
        if (node == null) {
            return Optional.empty();
        }
        Map<String, NodeTuple> k = keys(node, p, LIFECYCLE_KEYS);
        if (k.containsKey("PreFreeze")) {
            warn(k.get("PreFreeze").getKeyNode(), p + ".PreFreeze", null, "ignored: localfaas never freezes an instance");
        }
        if (!k.containsKey("PreStop")) {
            return Optional.empty();
        }
        MappingNode hook = mapping(k.get("PreStop").getValueNode(), p + ".PreStop");
        if (hook == null) {
            return Optional.empty();
        }
        Map<String, NodeTuple> h = keys(hook, p + ".PreStop", HOOK_KEYS);
        if (h.containsKey("Timeout")) {
            warn(h.get("Timeout").getKeyNode(), p + ".PreStop.Timeout", null, "ignored: pre-stop runs within the shutdown grace period");
        }
        return Optional.ofNullable(scalar(h, p + ".PreStop", "Handler", Function.identity(), null));
    }

    /** HTTP events become one trigger at {@code path}, Timer events timers of {@code function}; other event types are warnings. */
    private List<TriggerSpec> events(NodeTuple tuple, String p, String path, String function) {
        List<TriggerSpec> out = new ArrayList<>();
        MappingNode node = block(tuple, p);
        if (node == null) {
            return out;
        }
        for (NodeTuple t : node.getValue()) {
            String ep = p + "." + keyText(t);
            MappingNode event = mapping(t.getValueNode(), ep);
            if (event == null) {
                continue;
            }
            Map<String, NodeTuple> k = keys(event, ep, EVENT_KEYS);
            String type = scalar(k, ep, "Type", Function.identity(), null);
            if (type == null) {
                if (!k.containsKey("Type")) {
                    add(event, ep + ".Type", null, "is required, for example HTTP");
                }
                continue;
            }
            if (type.equalsIgnoreCase("Timer")) {
                MappingNode props = block(k.get("Properties"), ep + ".Properties");
                if (props == null) {
                    add(event, ep + ".Properties", null, "is required: {CronExpression: '0 0/5 * * * *', Enable: true}");
                } else {
                    timer(function, keyText(t), props, keys(props, ep + ".Properties", TIMER_KEYS), ep + ".Properties", "CronExpression",
                            "Enable", "Payload");
                }
                continue;
            }
            if (!type.equalsIgnoreCase("HTTP")) {
                warn(k.get("Type").getValueNode(), ep + ".Type", type, "ignored: localfaas serves HTTP and Timer events only");
                continue;
            }
            if (!out.isEmpty()) {
                add(t.getKeyNode(), ep, null, "a function has at most one HTTP trigger");
                continue;
            }
            TriggerSpec trigger = http(k.get("Properties"), event, ep + ".Properties", path);
            if (trigger != null) {
                out.add(trigger);
            }
        }
        return out;
    }

    private TriggerSpec http(NodeTuple tuple, MappingNode event, String p, String path) {
        if (tuple == null) {
            add(event, p, null, "is required: {AuthType: ANONYMOUS, Methods: [GET, POST]}");
            return null;
        }
        MappingNode node = mapping(tuple.getValueNode(), p);
        if (node == null) {
            return null;
        }
        Map<String, NodeTuple> k = keys(node, p, HTTP_KEYS);
        String auth = scalar(k, p, "AuthType", t -> t.toUpperCase(Locale.ROOT), null);
        if (!k.containsKey("AuthType")) {
            add(node, p + ".AuthType", null, "is required: ANONYMOUS or FUNCTION");
        } else if ("FUNCTION".equals(auth)) {
            warn(k.get("AuthType").getValueNode(), p + ".AuthType", "FUNCTION",
                    "FC signature auth is not checked locally: the trigger is anonymous (use the native format's auth: jwt to protect it)");
        } else if (auth != null && !auth.equals("ANONYMOUS")) {
            add(k.get("AuthType").getValueNode(), p + ".AuthType", auth, "must be ANONYMOUS or FUNCTION");
        }
        if (!k.containsKey("Methods")) {
            add(node, p + ".Methods", null, "is required, for example [GET, POST]");
        }
        Set<String> methods = methods(k.get("Methods"), p + ".Methods", null);
        if (methods == null) {
            return null;
        }
        return construct(node, key -> k.get(key.equals("methods") ? "Methods" : key), key -> p + "." + (key.equals("methods") ? "Methods" : key),
                () -> new TriggerSpec(path, methods, AuthSpec.NONE));
    }
}
