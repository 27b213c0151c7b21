package io.localfaas.stem;

import java.nio.file.Path;

import io.localfaas.backend.RunningInstance;

/**
 * One stem cell: its id, the pool it belongs to ({@link StemPool#key()}), its running instance and its own code folder.
 */
record Stem(String id, String pool, RunningInstance instance, Path folder) {
}
