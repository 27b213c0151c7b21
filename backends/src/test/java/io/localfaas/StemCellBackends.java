package io.localfaas;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.localfaas.backend.ForwardingBackend;
import io.localfaas.backend.InstanceBackend;
import io.localfaas.backend.OwnedInstance;
import io.localfaas.backend.docker.DockerBackend;
import io.localfaas.spec.Runtime;
import io.localfaas.stem.HttpStemControl;
import io.localfaas.stem.StemCells;

/**
 * The backends of a {@link SchedulerFixture} with stem cells on, for SchedulerStemCellsIT (the contract) and
 * StemCellsDockerIT (what stem cells add): every other backend made is the fixture's inspector, the engine as the
 * platform sees it (stem cells named as instances); the others are stem-cell pools of two per runtime, primed for
 * every runtime but java17 (its pools go per memory size: its case primes its own).
 */
final class StemCellBackends {
    private final Supplier<Path> stemRoot;
    private int made;
    private StemCells stems;
    private DockerBackend inspectorEngine;

    /** {@code stemRoot}: where the pools keep their code folders (read at the first pool made, so a @TempDir may give it). */
    StemCellBackends(Supplier<Path> stemRoot) {
        this.stemRoot = stemRoot;
    }

    InstanceBackend next() {
        DockerBackend docker = DockerBackend.connect();
        if (made++ % 2 == 0) {
            inspectorEngine = docker;
            return new ForwardingBackend(docker) {
                @Override
                public List<OwnedInstance> listOwned() {
                    return StemCells.asPlatformSees(delegate.listOwned());
                }
            };
        }
        stems = new StemCells(docker, new HttpStemControl(), StemCells.runtimeImages(), stemRoot.get(), OrphanPolicy.selfId(), 2,
                Duration.ofSeconds(30), Clock.systemUTC());
        stems.prime(StemCells.runtimeImages().stream().filter(i -> !i.equals(Runtime.JAVA17.image())).toList());
        return stems;
    }

    /** The pool of the last scheduler made. */
    StemCells stems() {
        return stems;
    }

    Optional<String> hostForInstances() {
        return inspectorEngine.instanceGatewayAddress();
    }
}
