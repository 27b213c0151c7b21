package io.localfaas.stem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.localfaas.spec.FunctionSpec;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.InstanceStartException;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.RunningInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StemCellsTest {
    private static final String NODE = "localfaas/runtime-nodejs18:t";
    private static final String JAVA = "localfaas/runtime-java17:t";

    @TempDir
    Path tmp;

    /** Instances are loopback listeners; records what it was asked. */
    static final class ListeningBackend implements InstanceBackend {
        final Map<String, ServerSocket> sockets = new ConcurrentHashMap<>();
        final Map<String, InstanceLaunch> launches = new ConcurrentHashMap<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        final List<String> resized = new CopyOnWriteArrayList<>();

        @Override
        public RunningInstance start(InstanceLaunch launch) {
            try {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                String id = "c-" + launch.instanceId();
                sockets.put(id, s);
                launches.put(id, launch);
                return new RunningInstance(launch.instanceId(), id, "127.0.0.1", s.getLocalPort());
            } catch (IOException e) {
                throw new InstanceStartException(e.toString(), e);
            }
        }

        @Override
        public void resize(RunningInstance instance, int memoryMb) {
            resized.add(instance.backendId() + "=" + memoryMb);
        }

        @Override
        public InstanceStatus status(RunningInstance instance) {
            return sockets.containsKey(instance.backendId()) ? InstanceStatus.RUNNING : new InstanceStatus(false, 137, false);
        }

        @Override
        public String lastLogs(RunningInstance instance, int lines) {
            return "";
        }

        @Override
        public void remove(RunningInstance instance) {
            kill(instance.backendId());
        }

        void kill(String id) {
            ServerSocket s = sockets.remove(id);
            if (s != null) {
                removed.add(id);
                try {
                    s.close();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public List<OwnedInstance> listOwned() {
            List<OwnedInstance> out = new ArrayList<>();
            sockets.keySet().forEach(id -> out.add(new OwnedInstance(id, launches.get(id).labels())));
            return out;
        }

        @Override
        public void remove(OwnedInstance instance) {
            kill(instance.backendId());
        }

        @Override
        public void close() {
            sockets.keySet().forEach(this::kill);
        }
    }

    final ListeningBackend engine = new ListeningBackend();
    final List<Map<String, String>> specialisedWith = new CopyOnWriteArrayList<>();
    volatile RuntimeException specialiseFailure;
    StemCells stems;

    StemCells stems(int max) {
        stems = new StemCells(engine, (stem, env, timeout) -> {
            if (specialiseFailure != null) {
                throw specialiseFailure;
            }
            specialisedWith.add(env);
        }, Set.of(NODE, JAVA), tmp.resolve("stem"), "me@1", max, Duration.ofSeconds(5), Clock.systemUTC());
        return stems;
    }

    @AfterEach
    void close() {
        if (stems != null) {
            stems.close();
        }
    }

    private InstanceLaunch launch(String id, Path code) {
        return new InstanceLaunch(id, "fn", NODE, Optional.of(code), 20001, 128, Map.of("FC_HANDLER", "index.handler", "MINE", "1"),
                Map.of(Labels.OWNER, Labels.OWNER_VALUE, Labels.PLATFORM, "me@1", Labels.FUNCTION, "fn", Labels.INSTANCE, id));
    }

    private Path code() throws IOException {
        Path code = Files.createDirectories(tmp.resolve("code"));
        Files.writeString(code.resolve("index.js"), "exports.handler = () => 1;");
        return code;
    }

    @Test
    void aStartTakesAPrimedStemCellSpecialisesItAndThePoolRefills() throws IOException {
        stems(2).prime(List.of(NODE));
        await().atMost(Duration.ofSeconds(10)).until(() -> stems.idleCounts().getOrDefault(NODE, 0) == 1);
        String stemId = engine.sockets.keySet().iterator().next();
        InstanceLaunch stemLaunch = engine.launches.get(stemId);
        assertEquals("1", stemLaunch.environment().get("LOCALFAAS_STEM_CELL"));
        assertEquals(NODE, stemLaunch.labels().get(StemCells.LABEL));
        Path folder = stemLaunch.codeDir().orElseThrow();
        assertEquals(List.of(), List.of(folder.toFile().list()), "a stem cell's code folder is empty until it is specialised");
        assertTrue(stems.listOwned().isEmpty(), "an idle stem cell is no pool's instance: reconciliation must not see it");

        RunningInstance got = stems.start(launch("i1", code()));

        assertEquals(stemId, got.backendId());
        assertEquals("i1", got.instanceId());
        assertTrue(stems.specialisation(got).isPresent());
        assertEquals("1", specialisedWith.get(0).get("MINE"));
        assertEquals(List.of(stemId + "=256", stemId + "=128"), engine.resized,
                "the first stem cell's no-op update warms the path; then the function's memory");
        assertTrue(Files.exists(folder.resolve("index.js")), "the function's code in the stem cell's own folder");
        assertEquals(List.of("fn/i1"), stems.listOwned().stream()
                .map(o -> o.labels().get(Labels.FUNCTION) + "/" + o.labels().get(Labels.INSTANCE)).toList(), "listed as its function's instance");
        await().atMost(Duration.ofSeconds(10)).until(() -> stems.idleCounts().get(NODE) >= 1);

        stems.remove(got);
        assertFalse(Files.exists(folder), "its folder goes with it");
    }

    @Test
    void aFailingSpecialisationIsAStartFailureAndTheStemCellGoes() throws IOException {
        stems(1).prime(List.of(NODE));
        await().atMost(Duration.ofSeconds(10)).until(() -> stems.idleCounts().getOrDefault(NODE, 0) == 1);
        String stemId = engine.sockets.keySet().iterator().next();
        specialiseFailure = new InstanceStartException("the stem cell refused its function: 400", null);

        InstanceStartException e = assertThrows(InstanceStartException.class, () -> stems.start(launch("i1", code())));

        assertEquals("the stem cell refused its function: 400", e.getMessage());
        assertTrue(engine.removed.contains(stemId));
    }

    @Test
    void aDeadStemCellIsPassedOverAndWithoutOneTheStartBoots() throws IOException {
        stems(1).prime(List.of(NODE));
        await().atMost(Duration.ofSeconds(10)).until(() -> stems.idleCounts().getOrDefault(NODE, 0) == 1);
        engine.kill(engine.sockets.keySet().iterator().next());

        RunningInstance got = stems.start(launch("i1", code()));

        assertEquals("c-i1", got.backendId(), "booted");
        assertTrue(stems.specialisation(got).isEmpty());
        assertTrue(specialisedWith.isEmpty());
    }

    @Test
    void aFunctionWithStemCellsOffBootsWhileAStemCellWaitsAndIsPrimedNone() throws IOException {
        FunctionSpec off = new FunctionSpec("svc", "fn", io.localfaas.spec.Runtime.NODEJS18, Optional.of(code()), io.localfaas.spec.CodeMode.MOUNT,
                Optional.empty(), "index.handler", Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1,
                Duration.ofMinutes(5), Map.of(), List.of()).withStemCells(false);
        assertEquals(List.of(), StemCells.imagesOf(List.of(off)), "a function with stemCells: false primes no stem cell");
        stems(1).prime(List.of(NODE));
        await().atMost(Duration.ofSeconds(10)).until(() -> stems.idleCounts().getOrDefault(NODE, 0) == 1);

        RunningInstance got = stems.start(off, launch("i1", code()));

        assertEquals("c-i1", got.backendId(), "booted");
        assertTrue(specialisedWith.isEmpty());
        assertEquals(1, stems.idleCounts().get(NODE), "the stem cell still waits");
        RunningInstance other = stems.start(off.withStemCells(true), launch("i2", code()));
        assertTrue(stems.specialisation(other).isPresent(), "the same function with stem cells on specialises");
    }

    /** A JVM's heap is sized when it starts: java17 stem cells are kept per memory size, each started at its size. */
    @Test
    void javaStemCellsArePooledPerMemorySizeAndAStartTakesOnlyOneOfItsOwnSize() throws IOException {
        stems(1).prime(List.of(JAVA + "@256MB"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stems.idleCounts().getOrDefault(JAVA + "@256MB", 0) == 1);
        InstanceLaunch stemLaunch = engine.launches.values().iterator().next();
        assertEquals(List.of(256, "256", JAVA), List.of(stemLaunch.memoryMb(), stemLaunch.environment().get("FC_MEMORY_SIZE"),
                stemLaunch.labels().get(StemCells.LABEL)));

        RunningInstance other = stems.start(new InstanceLaunch("i1", "fn", JAVA, Optional.of(code()), 20001, 512, Map.of(), Map.of()));
        assertTrue(stems.specialisation(other).isEmpty(), "no stem cell of 512 MB: booted");
        RunningInstance own = stems.start(new InstanceLaunch("i2", "fn", JAVA, Optional.of(code()), 20001, 256, Map.of(), Map.of()));
        assertTrue(stems.specialisation(own).isPresent(), "a stem cell of its own size: specialised");
        await().atMost(Duration.ofSeconds(10)).until(() -> stems.idleCounts().getOrDefault(JAVA + "@512MB", 0) == 1);
        assertEquals(List.of(), stems.idleCounts().keySet().stream().filter(k -> k.equals(JAVA)).toList(),
                "no pool of java17 without a memory size");
    }

    @Test
    void anIneligibleLaunchBootsAndNoStemCellsAreKeptForUnusedRuntimes() throws IOException {
        stems(2).prime(List.of());
        InstanceLaunch debug = new InstanceLaunch("i1", "fn", NODE, Optional.of(code()), 20001, 128, Map.of("NODE_OPTIONS", "--inspect"),
                Map.of());
        RunningInstance got = stems.start(debug);
        assertEquals("c-i1", got.backendId());
        assertEquals(Map.of(), stems.idleCounts().entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void anotherPlatformsStemCellsStayListedSoThatOrphanReapingFindsThem() {
        OwnedInstance foreign = new OwnedInstance("c-x", Map.of(Labels.OWNER, Labels.OWNER_VALUE, Labels.PLATFORM, "1@1",
                Labels.FUNCTION, "stem", Labels.INSTANCE, "stem-x", StemCells.LABEL, NODE));
        assertEquals(List.of(foreign), StemCells.asPlatformSees(List.of(foreign)));
        assertTrue(io.localfaas.OrphanPolicy.isOrphan(foreign.labels(), "me@1", id -> false), "a dead platform's stem cell is an orphan");
    }

    @Test
    void foldersOfPlatformsThatNoLongerRunAreRemovedOthersStay() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("stem"));
        Path dead = Files.createDirectories(parent.resolve("11-1000/stem-a"));
        Path live = Files.createDirectories(parent.resolve("22-2000/stem-b"));
        Path self = Files.createDirectories(parent.resolve("33-3000/stem-c"));
        Path code = code();
        Files.createLink(dead.resolve("index.js"), code.resolve("index.js"));

        assertEquals(1, StemCells.removeFoldersOfDeadPlatforms(parent, "33@3000", id -> id.equals("22@2000")));

        assertFalse(Files.exists(dead.getParent()));
        assertTrue(Files.exists(live) && Files.exists(self));
        assertTrue(Files.exists(code.resolve("index.js")), "the function's own file stays");
        assertEquals(0, StemCells.removeFoldersOfDeadPlatforms(tmp.resolve("none"), "33@3000", id -> false), "no folder: nothing to do");
    }

    @Test
    void closingRemovesTheIdleStemCells() {
        stems(2).prime(List.of(NODE));
        await().atMost(Duration.ofSeconds(10)).until(() -> stems.idleCounts().getOrDefault(NODE, 0) == 1);
        stems.close();
        stems = null;
        assertTrue(engine.sockets.isEmpty());
        assertFalse(Files.exists(tmp.resolve("stem")), "the platform's stem folder goes when empty");
    }
}
