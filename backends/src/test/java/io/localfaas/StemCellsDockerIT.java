package io.localfaas;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.port.ColdStart;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.MountSpec;
import io.localfaas.spec.Runtime;
import io.localfaas.spec.TriggerSpec;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stem cells add, on the real engine (SchedulerStemCellsIT runs the scheduler's contract with them on): a cold
 * start specialises one (the breakdown says so), the instance sees only its own function's code and variables, its
 * memory limit is the function's (an over-allocating function is OOM-killed at its own memorySize), the pool refills,
 * a function stem cells cannot serve boots as before, and an initializer failing at load fails as at an ordinary start.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class StemCellsDockerIT extends SchedulerFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE = Runtime.NODEJS18.image();

    @TempDir
    Path tmp;
    private final StemCellBackends backends = new StemCellBackends(() -> tmp.resolve("stem"));

    @Override
    protected InstanceBackend newBackend() {
        return backends.next();
    }

    @Override
    protected Optional<String> hostForInstances() {
        return backends.hostForInstances();
    }

    private void awaitStemCell() {
        await().atMost(Duration.ofSeconds(60)).until(() -> backends.stems().idleCounts().getOrDefault(NODE, 0) >= 1);
    }

    private static ColdStart coldStart(Invocation inv) {
        return inv.coldStart().orElseThrow(() -> new AssertionError("a cold start"));
    }

    @Test
    void aColdStartSpecialisesAStemCellAndThePoolRefills() {
        Scheduler s = scheduler(Probe.function("stem", 1, 0, 2));
        awaitStemCell();
        Invocation first = s.invoke("stem", Probe.request(""));
        assertEquals(200, first.response().status());
        ColdStart cs = coldStart(first);
        assertEquals(ColdStart.STEM, cs.kind(), cs.header());
        assertTrue(cs.header().contains(";specialise=") && !cs.header().contains("create="), cs.header());
        assertEquals(1, inspector().listOwned().stream().filter(o -> first.instanceId().equals(o.labels().get(Labels.INSTANCE))).count(),
                "the specialised stem cell is listed as the function's instance");
        awaitStemCell(); // refilled in the background
    }

    @Test
    void aPython3ColdStartSpecialisesAStemCellOfItsRuntime() {
        Path code = Probe.CODE.getParent().resolve("python-hello");
        FunctionSpec fn = new FunctionSpec("probe", "py", Runtime.PYTHON3, Optional.of(code), CodeMode.MOUNT, Optional.empty(),
                "index.handler", Optional.of("index.initializer"), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(10), 128, 1,
                0, 1, Duration.ofMinutes(5), Map.of(), List.of(new TriggerSpec("/py", java.util.Set.of("GET"))));
        Scheduler s = scheduler(fn);
        await().atMost(Duration.ofSeconds(60)).until(() -> backends.stems().idleCounts().getOrDefault(Runtime.PYTHON3.image(), 0) >= 1);
        Invocation first = s.invoke("py", Probe.request(""));
        assertEquals(200, first.response().status(), new String(first.response().body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(ColdStart.STEM, coldStart(first).kind(), coldStart(first).header());
    }

    @Test
    void anInstanceSeesOnlyItsOwnFunctionsCodeAndVariables() throws Exception {
        FunctionSpec alpha = looker("alpha", Map.of("ALPHA_SECRET", "a1"));
        FunctionSpec beta = looker("beta", Map.of("BETA_SECRET", "b2"));
        Scheduler s = scheduler(Probe.app(Probe.platform(8, Duration.ofSeconds(30), 100), alpha, beta), clock);
        awaitStemCell();
        Invocation a = s.invoke("alpha", Probe.request(""));
        awaitStemCell();
        Invocation b = s.invoke("beta", Probe.request(""));
        assertEquals(ColdStart.STEM, coldStart(a).kind());
        assertEquals(ColdStart.STEM, coldStart(b).kind());
        JsonNode seenByA = JSON.readTree(a.response().body());
        JsonNode seenByB = JSON.readTree(b.response().body());
        assertEquals("[\"alpha.txt\",\"index.js\"]", seenByA.get("code").toString());
        assertEquals("[\"beta.txt\",\"index.js\"]", seenByB.get("code").toString());
        assertEquals("a1", seenByA.get("env").path("ALPHA_SECRET").asText());
        assertTrue(seenByA.get("env").path("BETA_SECRET").isMissingNode(), seenByA.toString());
        assertTrue(seenByB.get("env").path("ALPHA_SECRET").isMissingNode(), seenByB.toString());
        assertEquals("alpha", seenByA.get("env").path("FC_FUNCTION_NAME").asText());
        assertTrue(seenByA.get("env").path("LOCALFAAS_STEM_CELL").isMissingNode(), "runtime-internal");
        assertFalse(seenByA.get("stemFolders").asBoolean(), "its own stem folder at /code and no other: " + seenByA.get("mounts"));
        assertTrue(seenByA.get("codeReadOnly").asBoolean(), "the code is read-only inside");
    }

    @Test
    void anOverAllocatingFunctionIsOomKilledAtItsOwnMemorySize() throws Exception {
        FunctionSpec fn = Probe.function("oom", 1, 0, 2, Duration.ofMinutes(5), Duration.ofSeconds(20), 128, Map.of());
        Scheduler s = scheduler(fn);
        awaitStemCell();
        Invocation first = s.invoke("oom", Probe.request(""));
        assertEquals(ColdStart.STEM, coldStart(first).kind());
        OwnedInstance c = inspector().listOwned().stream().filter(o -> first.instanceId().equals(o.labels().get(Labels.INSTANCE)))
                .findFirst().orElseThrow();
        JsonNode host = JSON.readTree(SchedulerDockerIT.docker("inspect", c.backendId())).get(0).get("HostConfig");
        assertEquals(128L * 1024 * 1024, host.get("Memory").asLong(), "memory = the function's memorySize");
        assertEquals(128L * 1024 * 1024, host.get("MemorySwap").asLong(), "no swap");
        assertEquals(128, host.get("CpuShares").asInt());
        // 180 MB fits a stem cell's own 256 MB: only the function's 128 MB kills it.
        PlatformException e = assertThrows(PlatformException.class, () -> s.invoke("oom", Probe.request("oom=180")));
        assertEquals(Kind.INSTANCE_CRASHED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("out of memory (OOM"), e.getMessage());
    }

    @Test
    void aFunctionWithStemCellsOffBootsAsBeforeWhileAStemCellWaits() {
        Scheduler s = scheduler(Probe.function("plain", 1, 0, 1).withStemCells(false));
        awaitStemCell();
        ColdStart cs = coldStart(s.invoke("plain", Probe.request("")));
        assertEquals(ColdStart.BOOT, cs.kind(), cs.header());
        assertTrue(cs.header().contains("create="), cs.header());
    }

    /**
     * java17: the stem cell's JVM was started for the function's memory size (its heap is the function's), and once
     * specialised it sees its own code and variables only ({@code System.getenv}), checked from inside.
     */
    @Test
    void aJava17ColdStartSpecialisesAStemCellOfItsMemorySizeAndSeesOnlyItsOwnCodeAndVariables() throws Exception {
        FunctionSpec alpha = javaLooker("jalpha", Map.of("ALPHA_SECRET", "a1"));
        FunctionSpec beta = javaLooker("jbeta", Map.of("BETA_SECRET", "b2"));
        Scheduler s = scheduler(Probe.app(Probe.platform(8, Duration.ofSeconds(30), 100), alpha, beta), clock);
        String pool = Runtime.JAVA17.image() + "@256MB";
        backends.stems().prime(List.of(pool, pool));
        await().atMost(Duration.ofSeconds(120)).until(() -> backends.stems().idleCounts().getOrDefault(pool, 0) >= 2);
        Invocation a = s.invoke("jalpha", io.localfaas.protocol.InvokeRequest.event("r-a", new byte[0]));
        Invocation b = s.invoke("jbeta", io.localfaas.protocol.InvokeRequest.event("r-b", new byte[0]));
        assertEquals(ColdStart.STEM, coldStart(a).kind(), coldStart(a).header());
        assertEquals(ColdStart.STEM, coldStart(b).kind(), coldStart(b).header());
        Map<String, String> seenByA = lines(a);
        Map<String, String> seenByB = lines(b);
        assertEquals("[jalpha.txt, look]", seenByA.get("code"));
        assertEquals("[jbeta.txt, look]", seenByB.get("code"));
        assertEquals(List.of("a1", "null", "jalpha", "null"), List.of(seenByA.get("ALPHA_SECRET"), seenByA.get("BETA_SECRET"),
                seenByA.get("FC_FUNCTION_NAME"), seenByA.get("LOCALFAAS_STEM_CELL")), seenByA.toString());
        assertEquals(List.of("null", "b2"), List.of(seenByB.get("ALPHA_SECRET"), seenByB.get("BETA_SECRET")), seenByB.toString());
        assertEquals("1", seenByA.get("stemFolders"), "its own stem folder at /code and no other: " + seenByA);
        int heapMb = Integer.parseInt(seenByA.get("heapMB"));
        assertTrue(heapMb > 128 && heapMb <= 256, "the heap sized from the function's 256 MB (-Xmx 90 %), not a stem cell's default: " + heapMb);
        OwnedInstance c = inspector().listOwned().stream().filter(o -> a.instanceId().equals(o.labels().get(Labels.INSTANCE)))
                .findFirst().orElseThrow();
        JsonNode host = JSON.readTree(SchedulerDockerIT.docker("inspect", c.backendId())).get(0).get("HostConfig");
        assertEquals(List.of(256L * 1024 * 1024, 256L * 1024 * 1024), List.of(host.get("Memory").asLong(), host.get("MemorySwap").asLong()),
                "the container's limit is the function's memorySize, no swap");
    }

    private static Map<String, String> lines(Invocation inv) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String line : new String(inv.response().body(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /**
     * A java17 function (classes in its code folder, compiled here against the runtime's fc-java-core) that answers what
     * it sees: its code folder, some variables, its heap, the stem folders mounted in its container.
     */
    private FunctionSpec javaLooker(String name, Map<String, String> env) throws IOException {
        Path code = Files.createDirectories(tmp.resolve(name));
        Files.writeString(code.resolve(name + ".txt"), name);
        Path src = Files.createDirectories(tmp.resolve(name + "-src/look")).resolve("Looker.java");
        Files.writeString(src, """
                package look;
                public class Looker {
                    public void handleRequest(java.io.InputStream in, java.io.OutputStream out, com.aliyun.fc.runtime.Context c)
                            throws java.io.IOException {
                        String[] code = new java.io.File("/code").list();
                        java.util.Arrays.sort(code);
                        long stemFolders = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/mountinfo")).stream()
                                .filter(l -> l.contains("/stem/")).count();
                        StringBuilder b = new StringBuilder("code=" + java.util.Arrays.toString(code) + "\\n");
                        for (String v : new String[] {"ALPHA_SECRET", "BETA_SECRET", "FC_FUNCTION_NAME", "LOCALFAAS_STEM_CELL"}) {
                            b.append(v).append('=').append(System.getenv(v)).append('\\n');
                        }
                        b.append("heapMB=").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append('\\n');
                        b.append("stemFolders=").append(stemFolders).append('\\n');
                        out.write(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                """);
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", code.toString(), "-cp", Probe.RUNTIMES.resolve("java17/build/bootstrap.jar").toString(),
                src.toString());
        assertEquals(0, rc, "the looker compiles against the runtime's bootstrap.jar (scripts/setup builds it)");
        return new FunctionSpec("probe", name, Runtime.JAVA17, Optional.of(code), CodeMode.MOUNT, Optional.empty(), "look.Looker::handleRequest",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(10), 256, 1, 0, 1, Duration.ofMinutes(5), env,
                List.of());
    }

    @Test
    void aFunctionThatMountsAFolderBootsAsBefore() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        FunctionSpec p = Probe.function("mounted", 1, 0, 1);
        FunctionSpec fn = new FunctionSpec(p.service(), p.name(), p.runtime(), p.codeUri(), p.codeMode(), p.image(), p.handler(),
                p.initializer(), p.preStop(), p.initializationTimeout(), p.timeout(), p.memorySize(), p.instanceConcurrency(),
                p.minInstances(), p.maxInstances(), p.idleTimeout(), p.environment(), p.triggers(), p.caPort(), p.command(), p.args(),
                List.of(new MountSpec(data, "/mnt/data", true)));
        Scheduler s = scheduler(fn);
        awaitStemCell();
        ColdStart cs = coldStart(s.invoke("mounted", Probe.request("")));
        assertEquals(ColdStart.BOOT, cs.kind(), cs.header());
        assertTrue(cs.header().contains("create="), cs.header());
    }

    @Test
    void anInitializerWhoseModuleThrowsAtLoadFailsAsAtAnOrdinaryStart() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(code.resolve("index.js"), "throw new Error('broken at load');\n");
        FunctionSpec fn = new FunctionSpec("probe", "broken", Runtime.NODEJS18, Optional.of(code), CodeMode.MOUNT, Optional.empty(),
                "index.handler", Optional.of("index.initializer"), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(10), 128, 1, 0, 1,
                Duration.ofMinutes(5), Map.of(), List.of(new TriggerSpec("/broken", java.util.Set.of("GET"))));
        Scheduler s = scheduler(fn);
        awaitStemCell();
        PlatformException e = assertThrows(PlatformException.class, () -> s.invoke("broken", Probe.request("")));
        assertEquals(Kind.INIT_FAILED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("broken at load"), e.getMessage());
    }

    /** A function that answers what it sees: its code folder, its environment, the mounts of its container. */
    private FunctionSpec looker(String name, Map<String, String> env) throws IOException {
        Path code = Files.createDirectories(tmp.resolve(name));
        Files.writeString(code.resolve(name + ".txt"), name);
        Files.writeString(code.resolve("index.js"), """
                const fs = require('fs');
                exports.handler = (req, resp) => {
                  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\\n').filter((l) => l.includes('/stem/'));
                  let codeReadOnly = false;
                  try { fs.writeFileSync('/code/x', 'x'); } catch (e) { codeReadOnly = true; }
                  resp.setHeader('content-type', 'application/json');
                  resp.send(JSON.stringify({ code: fs.readdirSync('/code').sort(), env: process.env, mounts,
                    stemFolders: mounts.length !== 1, codeReadOnly }));
                };
                """);
        return new FunctionSpec("probe", name, Runtime.NODEJS18, Optional.of(code), CodeMode.MOUNT, Optional.empty(), "index.handler",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(10), 128, 1, 0, 1, Duration.ofMinutes(5), env,
                List.of(new TriggerSpec("/" + name, java.util.Set.of("GET"))));
    }
}
