package io.localfaas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.testing.Probe;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's guarantees on the real Docker engine with the nodejs18 runtime image, plus what only a container
 * has: OOM kills and the hardened container configuration (checked with {@code docker inspect}).
 */
class SchedulerDockerIT extends SchedulerContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected InstanceBackend newBackend() {
        return DockerBackend.connect();
    }

    @Override
    protected java.util.Optional<String> hostForInstances() {
        return ((DockerBackend) inspector()).instanceGatewayAddress();
    }

    @Test
    void anInstanceKilledForMemoryIsA502SayingOomAndIsReplaced() throws Exception {
        FunctionSpec fn = Probe.function("oom", 1, 0, 2, Duration.ofMinutes(5), Duration.ofSeconds(20), 128, Map.of());
        Scheduler s = scheduler(fn);
        String before = s.invoke("oom", Probe.request("")).instanceId();
        PlatformException e = assertThrows(PlatformException.class, () -> s.invoke("oom", Probe.request("oom=512")));
        assertEquals(Kind.INSTANCE_CRASHED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("out of memory (OOM"), e.getMessage());
        Invocation next = s.invoke("oom", Probe.request(""));
        assertEquals(200, next.response().status());
        assertNotEquals(before, next.instanceId(), "a new instance replaced the killed one");
    }

    @Test
    void containersAreHardened() throws Exception {
        Scheduler s = scheduler(Probe.function("hardened", 1, 0, 1, Duration.ofMinutes(5), Duration.ofSeconds(10), 256, Map.of()));
        String id = s.invoke("hardened", Probe.request("")).instanceId();
        OwnedInstance c = inspector().listOwned().stream().filter(o -> id.equals(o.labels().get(Labels.INSTANCE))).findFirst().orElseThrow();
        JsonNode inspect = JSON.readTree(docker("inspect", c.backendId())).get(0);
        JsonNode host = inspect.get("HostConfig");
        JsonNode config = inspect.get("Config");
        assertTrue(host.get("ReadonlyRootfs").asBoolean(), "read-only root file system");
        assertTrue(host.get("Tmpfs").has("/tmp"), "tmpfs /tmp");
        List<String> capDrop = new ArrayList<>();
        host.get("CapDrop").forEach(n -> capDrop.add(n.asText()));
        assertTrue(capDrop.contains("ALL"), "all capabilities dropped: " + capDrop);
        assertTrue(host.get("CapAdd") == null || host.get("CapAdd").isNull() || host.get("CapAdd").isEmpty(), "none added");
        assertTrue(host.get("SecurityOpt").toString().contains("no-new-privileges"), host.get("SecurityOpt").toString());
        String user = config.get("User").asText();
        assertFalse(user.isEmpty() || "root".equals(user) || "0".equals(user), "non-root user, got '" + user + "'");
        assertEquals(256L * 1024 * 1024, host.get("Memory").asLong(), "memory = memorySize");
        assertEquals(256L * 1024 * 1024, host.get("MemorySwap").asLong(), "memory + swap = memorySize: no swap");
        assertTrue(host.get("PidsLimit").asLong() > 0, "a pids limit");
        assertEquals(256, host.get("CpuShares").asInt(), "CPU shares in proportion to memory");
        JsonNode log = host.get("LogConfig");
        assertEquals("local", log.get("Type").asText());
        assertTrue(log.get("Config").has("max-size") && log.get("Config").has("max-file"), "bounded logs: " + log);
        assertEquals("localfaas-instances", host.get("NetworkMode").asText(), "a network namespace of its own on the instances' network");
        for (JsonNode m : inspect.get("Mounts")) {
            assertFalse(m.get("Source").asText().contains("docker.sock"), "no Docker socket inside a function: " + m);
            if ("/code".equals(m.get("Destination").asText())) {
                assertFalse(m.get("RW").asBoolean(), "code mounted read-only");
            }
        }
        // And from inside: the process really runs as that user and cannot write outside /tmp.
        String whoami = docker("exec", c.backendId(), "sh", "-c", "id -u; touch /probe-write 2>&1 || echo readonly; touch /tmp/x && echo tmp-ok").strip();
        assertTrue(whoami.startsWith(user.split(":")[0]) && !whoami.startsWith("0"), whoami);
        assertTrue(whoami.contains("readonly") && whoami.contains("tmp-ok"), whoami);
    }

    /** Runs the docker CLI (bounded), for what only {@code docker inspect}/{@code exec} show; also used by StemCellsDockerIT. */
    static String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "docker " + args[0] + " finished");
        return new String(out, StandardCharsets.UTF_8);
    }
}
