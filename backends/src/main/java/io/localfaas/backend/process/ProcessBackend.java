package io.localfaas.backend.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.localfaas.spec.Runtime;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.LogFollow;
import io.localfaas.backend.LogSink;
import io.localfaas.backend.LogStream;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.RunningInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs instances as child processes of the platform: the same runtime bootstrap the runtime image runs
 * ({@code node runtime-images/nodejs18/bootstrap/bootstrap.js}), with {@code FC_FUNC_CODE_PATH} pointing at the
 * function's code directory instead of {@code /code}, listening on the loopback port the platform chose.
 *
 * python3 functions run the python3 runtime's bootstrap with the host's {@code python3} (the first on the platform's
 * {@code PATH}), without writing byte code into the code folder.
 *
 * java17 functions run the java17 runtime's own launcher ({@code runtime-images/java17/launcher.sh} with the
 * bootstrap jar that {@code runtime-images/java17/prepare} builds), without the image's class-data archive.
 *
 * <p>What it does not do: isolate. There is no read-only file system, no dropped capability, no pids limit. The memory
 * limit is best effort: Node's heap is capped with {@code --max-old-space-size=<memorySize>}, so a function that
 * exceeds it dies with "JavaScript heap out of memory", which {@link #status} reports as an OOM kill (from the
 * instance's output); memory outside the V8 heap (Buffers) is not limited; the JVM's heap is capped by the java17
 * launcher ({@code -Xmx} 90% of memorySize); python3 functions run {@code runtime-images/python3/bootstrap/bootstrap.py} with the
 * host's {@code python3} (no memory limit). Custom containers are not supported by this backend: starting one fails
 * with a message saying so.
 *
 * <p>Every instance has a registry file {@code <stateDir>/<instanceId>.properties} with its labels and pid, written
 * before the process runs and deleted when it is removed: {@link #listOwned()} reads them, so that instances of a
 * platform that died are reaped as containers are. Output goes to {@code <stateDir>/<instanceId>.log}.
 */
public final class ProcessBackend implements InstanceBackend {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessBackend.class);
    /** The image tags of the runtimes this backend runs (as {@code Runtime.NODEJS18.image()}, {@code JAVA17.image()}). */
    static final String NODEJS18_IMAGE = Runtime.NODEJS18.image();
    static final String JAVA17_IMAGE = Runtime.JAVA17.image();
    static final String PYTHON3_IMAGE = Runtime.PYTHON3.image();
    /** The java17 launcher's JVM flags without the class-data archive, which only the runtime image has. */
    private static final String JAVA17_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData";
    private static final String PID = "pid";
    /** Where instances see their layers (FC's /opt). */
    private static final String LAYERS = "/opt";
    private static final Path PROC = Path.of("/proc");
    private static final String STARTED = "started";
    private static final String LABEL = "label.";
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final int MAX_LINE = 16 * 1024;
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "TZ", "TMPDIR", "SYSTEMROOT");

    private final Path runtimes;
    private final Path stateDir;
    private final String node;
    private final Map<String, Process> children = new ConcurrentHashMap<>();

    /**
     * @param runtimes the {@code runtime-images} directory holding {@code nodejs18/bootstrap/bootstrap.js}
     * @param stateDir where the registry and output files go (shared by every platform on the machine)
     */
    public ProcessBackend(Path runtimes, Path stateDir) {
        this(runtimes, stateDir, "node");
    }

    ProcessBackend(Path runtimes, Path stateDir, String node) {
        this.runtimes = runtimes.toAbsolutePath().normalize();
        this.stateDir = stateDir.toAbsolutePath().normalize();
        this.node = node;
        try {
            io.localfaas.backend.OwnerOnly.createDirectories(this.stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + this.stateDir, e);
        }
    }

    /** The default registry directory: {@code <java.io.tmpdir>/localfaas-process}. */
    public static Path defaultStateDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "localfaas-process");
    }

    /** Whether {@code runtimes} holds the bootstraps this backend runs. */
    public static boolean hasRuntimes(Path runtimes) {
        return Files.isRegularFile(runtimes.resolve("nodejs18/bootstrap/bootstrap.js"));
    }

    /**
     * {@code value} with a leading mount target replaced by the mount's source, in each element of a {@code :}-separated
     * list ({@code PATH=/usr/bin:/opt/bin} names a layer's {@code /opt/bin}); other values unchanged.
     */
    static String mountedPath(String value, List<io.localfaas.backend.Mount> mounts) {
        if (value.indexOf(':') >= 0 && !mounts.isEmpty()) {
            String[] parts = value.split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                parts[i] = mountedElement(parts[i], mounts);
            }
            return String.join(":", parts);
        }
        return mountedElement(value, mounts);
    }

    private static String mountedElement(String value, List<io.localfaas.backend.Mount> mounts) {
        for (io.localfaas.backend.Mount m : mounts) {
            String t = m.target().endsWith("/") ? m.target().substring(0, m.target().length() - 1) : m.target();
            if (value.equals(t) || value.startsWith(t + "/")) {
                return m.source().toString() + value.substring(t.length());
            }
        }
        return value;
    }

    @Override
    public RunningInstance start(InstanceLaunch launch) {
        List<String> command = command(launch);
        Path code = launch.codeDir().orElseThrow(() -> new InstanceStartException("the process backend needs a code directory", null));
        if (!Files.exists(code)) {
            throw new InstanceStartException("codeUri " + code + " does not exist", null);
        }
        boolean folder = Files.isDirectory(code);
        long t0 = System.nanoTime();
        Path record = record(launch.instanceId());
        Path log = log(launch.instanceId());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory((folder ? code : code.toAbsolutePath().getParent()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = pb.environment();
        Map<String, String> inherited = new HashMap<>();
        INHERITED_ENV.forEach(k -> Optional.ofNullable(env.get(k)).ifPresent(v -> inherited.put(k, v)));
        env.clear();
        env.putAll(inherited);
        env.putAll(launch.environment());
        // No bind mounts for a process: values that name a mount's target (or a path below it) name its source instead.
        env.replaceAll((k, v) -> mountedPath(v, launch.mounts()));
        env.put("FC_FUNC_CODE_PATH", code.toAbsolutePath() + (folder ? "/" : ""));
        launch.mounts().stream().filter(m -> m.target().replaceAll("/$", "").equals(LAYERS)).findFirst()
                .ifPresent(m -> layerEnvironment(env, launch.image(), m.source()));
        if (JAVA17_IMAGE.equals(launch.image())) {
            env.put("FC_SERVER_PATH", runtimes.resolve("java17/build").toString());
            env.put("LOCALFAAS_JVM_FLAGS", JAVA17_FLAGS);
        } else if (PYTHON3_IMAGE.equals(launch.image())) {
            env.put("FC_SERVER_PATH", runtimes.resolve("python3/bootstrap").toString());
            env.put("PYTHONDONTWRITEBYTECODE", "1");
        } else {
            env.put("FC_SERVER_PATH", runtimes.resolve("nodejs18/bootstrap").toString());
            env.put("LOCALFAAS_NODE", node);
            // FC's built-in modules, as runtime-images/nodejs18/prepare installs them, before the layers' (the image's order).
            env.merge("NODE_PATH", runtimes.resolve("nodejs18/builtin/node_modules").toString(), (layers, builtin) -> builtin + ":" + layers);
        }
        Properties p = new Properties();
        launch.labels().forEach((k, v) -> p.setProperty(LABEL + k, v));
        Process process;
        try {
            write(record, p);
            process = pb.start();
            p.setProperty(PID, Long.toString(process.pid()));
            p.setProperty(STARTED, Long.toString(process.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L)));
            write(record, p);
        } catch (IOException e) {
            deleteQuietly(record);
            throw new InstanceStartException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        children.put(launch.instanceId(), process);
        Duration created = Duration.ofNanos(System.nanoTime() - t0);
        return new RunningInstance(launch.instanceId(), launch.instanceId(), "127.0.0.1", launch.port(), created);
    }

    private List<String> command(InstanceLaunch launch) {
        if (NODEJS18_IMAGE.equals(launch.image())) {
            Path bootstrap = runtimes.resolve("nodejs18/bootstrap/bootstrap.js");
            if (!Files.isRegularFile(bootstrap)) {
                throw new InstanceStartException("the nodejs18 bootstrap is not at " + bootstrap, null);
            }
            // Through the launcher, as in the image: it hands the instance key to the bootstrap on a pipe (PROTOCOL.md §1a).
            return List.of("sh", runtimes.resolve("nodejs18/bootstrap/launcher.sh").toString(), "--max-old-space-size=" + launch.memoryMb());
        }
        if (JAVA17_IMAGE.equals(launch.image())) {
            Path jar = runtimes.resolve("java17/build/bootstrap.jar");
            if (!Files.isRegularFile(jar)) {
                throw new InstanceStartException("the java17 bootstrap is not at " + jar + ": run scripts/setup (runtime-images/java17/prepare "
                        + "builds it)", null);
            }
            return List.of("sh", runtimes.resolve("java17/launcher.sh").toString());
        }
        if (PYTHON3_IMAGE.equals(launch.image())) {
            Path bootstrap = runtimes.resolve("python3/bootstrap/bootstrap.py");
            if (!Files.isRegularFile(bootstrap)) {
                throw new InstanceStartException("the python3 bootstrap is not at " + bootstrap, null);
            }
            Path python = onPath(System.getenv("PATH"), "python3").orElseThrow(() -> new InstanceStartException("function "
                    + launch.functionName() + " is a python3 function and the process backend runs it with the host's python3, but "
                    + "there is none on the PATH: install Python 3 (apt-get install python3), or run it on the docker backend "
                    + "(platform.backend: docker)", null));
            // Through the launcher, as in the image: it hands the instance key to the bootstrap on a pipe (PROTOCOL.md §1a).
            return List.of("sh", runtimes.resolve("python3/bootstrap/launcher.sh").toString(), python.toString());
        }
        throw new InstanceStartException("image " + launch.image() + " is not supported by the process backend yet (it runs nodejs18, "
                + "java17 and python3 functions; custom containers and the custom runtime need Docker: set platform.backend: docker and "
                + "start an engine)", null);
    }

    /**
     * What the runtime images set for layers under {@code /opt} (FC's search paths), pointing at the layers' folder:
     * {@code NODE_PATH} (nodejs18), {@code PYTHONPATH} (python3), {@code LOCALFAAS_LAYERS_DIR} (java17's
     * {@code java/lib}); {@code bin} and {@code lib} are appended to {@code PATH} and {@code LD_LIBRARY_PATH}. The function's
     * own values win.
     */
    static void layerEnvironment(Map<String, String> env, String image, Path layers) {
        String dir = layers.toAbsolutePath().toString();
        if (NODEJS18_IMAGE.equals(image)) {
            env.putIfAbsent("NODE_PATH", dir + "/nodejs/node_modules");
        } else if (PYTHON3_IMAGE.equals(image)) {
            env.putIfAbsent("PYTHONPATH", dir + "/python");
        }
        env.putIfAbsent("LOCALFAAS_LAYERS_DIR", dir);
        env.merge("PATH", dir + "/bin", (a, b) -> a + ":" + b);
        env.merge("LD_LIBRARY_PATH", dir + "/lib", (a, b) -> a + ":" + b);
    }

    /** The first executable {@code name} in the directories of {@code path} (a {@code PATH} value). */
    static Optional<Path> onPath(String path, String name) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public InstanceStatus status(RunningInstance instance) {
        Process p = children.get(instance.backendId());
        if (p != null) {
            if (p.isAlive()) {
                return InstanceStatus.RUNNING;
            }
            int code = p.exitValue();
            return new InstanceStatus(false, code, outOfMemory(instance.backendId()));
        }
        return handle(instance.backendId()).filter(ProcessHandle::isAlive).isPresent()
                ? InstanceStatus.RUNNING : new InstanceStatus(false, null, false);
    }

    @Override
    public Optional<io.localfaas.backend.InstanceUsage> usage(RunningInstance instance) {
        Process p = children.get(instance.backendId());
        Optional<ProcessHandle> h = p != null ? Optional.of(p.toHandle()) : handle(instance.backendId());
        return h.filter(ProcessHandle::isAlive).flatMap(x -> ProcUsage.read(PROC, x.pid(), java.time.Instant.now()));
    }

    /** Node and the JVM report a heap limit hit on their output before they die. */
    private boolean outOfMemory(String id) {
        String tail = tail(log(id), 30);
        return tail.contains("heap out of memory") || tail.contains("java.lang.OutOfMemoryError");
    }

    @Override
    public String lastLogs(RunningInstance instance, int lines) {
        return tail(log(instance.backendId()), lines);
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())).strip();
        } catch (IOException | UncheckedIOException e) {
            return "(output unavailable: " + e.getMessage() + ")";
        }
    }

    /**
     * Follows the instance's output file from its start (stdout and stderr are merged into it, so every line is
     * reported as {@link LogStream#STDOUT}), polling every 50 ms, until the follow is closed, or the process has exited
     * and the file is read to its end. Lines are cut at {@value #MAX_LINE} characters.
     */
    @Override
    public LogFollow followLogs(RunningInstance instance, LogSink sink) {
        Path file = log(instance.backendId());
        Process process = children.get(instance.backendId());
        AtomicBoolean closed = new AtomicBoolean();
        Thread t = new Thread(() -> {
            long offset = 0;
            StringBuilder line = new StringBuilder();
            while (!closed.get()) {
                boolean ended = process == null || !process.isAlive();
                try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                    in.seek(offset);
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        offset += n;
                        for (String part : new String(buf, 0, n, StandardCharsets.UTF_8).split("(?<=\n)", -1)) {
                            if (part.endsWith("\n")) {
                                line.append(part, 0, part.length() - 1);
                                emit(sink, line);
                            } else {
                                line.append(part);
                            }
                        }
                    }
                } catch (IOException e) {
                    return; // removed
                }
                if (ended) {
                    if (line.length() > 0) {
                        emit(sink, line);
                    }
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }, "process-logs-" + instance.instanceId());
        t.setDaemon(true);
        t.start();
        return () -> closed.set(true);
    }

    private static void emit(LogSink sink, StringBuilder line) {
        String text = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line.toString();
        line.setLength(0);
        sink.line(LogStream.STDOUT, text);
    }

    @Override
    public void remove(RunningInstance instance) {
        removeById(instance.backendId());
    }

    @Override
    public List<OwnedInstance> listOwned() {
        List<OwnedInstance> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(stateDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".properties")).toList()) {
                Properties p = read(f);
                Map<String, String> labels = new HashMap<>();
                p.stringPropertyNames().stream().filter(k -> k.startsWith(LABEL))
                        .forEach(k -> labels.put(k.substring(LABEL.length()), p.getProperty(k)));
                String name = f.getFileName().toString();
                out.add(new OwnedInstance(name.substring(0, name.length() - ".properties".length()), labels));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + stateDir, e);
        }
        return out;
    }

    @Override
    public void remove(OwnedInstance instance) {
        removeById(instance.backendId());
    }

    private void removeById(String id) {
        Process p = children.remove(id);
        if (p != null) {
            stop(p.toHandle());
        } else {
            handle(id).ifPresent(ProcessBackend::stop);
        }
        deleteQuietly(record(id));
        deleteQuietly(log(id));
    }

    /** The live process a registry file names, if its pid still belongs to the process that was started. */
    private Optional<ProcessHandle> handle(String id) {
        Path f = record(id);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Properties p = read(f);
        String pid = p.getProperty(PID);
        if (pid == null) {
            return Optional.empty();
        }
        long started = Long.parseLong(p.getProperty(STARTED, "0"));
        return ProcessHandle.of(Long.parseLong(pid))
                .filter(h -> started == 0 || h.info().startInstant().map(i -> i.toEpochMilli() == started).orElse(true));
    }

    private static void stop(ProcessHandle h) {
        List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
        tree.add(h);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle t : tree) {
            try {
                t.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                t.destroyForcibly();
            }
        }
    }

    private Path record(String id) {
        return stateDir.resolve(id + ".properties");
    }

    private Path log(String id) {
        return stateDir.resolve(id + ".log");
    }

    private static void write(Path f, Properties p) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "localfaas process backend instance");
        }
        Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Properties read(Path f) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", f, e.getMessage());
        }
        return p;
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", f, e.getMessage());
        }
    }

    @Override
    public void close() {
        // Children are removed by the scheduler at shutdown; anything left is an orphan for the next platform.
    }
}
