package io.localfaas.stem;

import java.util.Map;

/**
 * Pure: one pool of stem cells — a runtime image, and for a runtime whose heap is sized when its process starts
 * (java17: {@code -Xmx} from {@code FC_MEMORY_SIZE}, fixed for the JVM's life) one memory size, so that a specialised
 * instance's heap is its function's. Other runtimes keep one pool per image ({@code memoryMb} 0) and are given their
 * function's memory by the engine's update alone.
 *
 * <p>Its {@link #key()} names it in the pools' maps and in {@link StemCells#idleCounts()}: the image, or
 * {@code image@256MB}.
 */
record StemPool(String image, int memoryMb) {
    /** FC's default memorySize: the java17 pool a bare image (priming, tests) stands for. */
    static final int DEFAULT_MEMORY_MB = 128;

    /** The pool a start of {@code image} with {@code memoryMb} takes from. */
    static StemPool of(String image, int memoryMb) {
        return new StemPool(image, heapFixedAtStart(image) ? memoryMb : 0);
    }

    /** The pool {@code key} names: {@code image} or {@code image@NMB} (a bare java17 image: {@value #DEFAULT_MEMORY_MB} MB). */
    static StemPool parse(String key) {
        int at = key.lastIndexOf('@');
        if (at > 0 && key.endsWith("MB")) {
            try {
                return of(key.substring(0, at), Integer.parseInt(key.substring(at + 1, key.length() - 2)));
            } catch (NumberFormatException e) {
                // an image name with an @ of its own (a digest): below
            }
        }
        return of(key, DEFAULT_MEMORY_MB);
    }

    /** Whether the runtime of {@code image} fixes its heap when its process starts (java17), so pools go per memory size. */
    static boolean heapFixedAtStart(String image) {
        return image.startsWith("localfaas/runtime-java17:");
    }

    String key() {
        return memoryMb == 0 ? image : image + "@" + memoryMb + "MB";
    }

    /** A stem cell's memory limit until it is specialised: its pool's size, else {@link StemCells#STEM_MEMORY_MB}. */
    int stemMemoryMb() {
        return memoryMb == 0 ? StemCells.STEM_MEMORY_MB : memoryMb;
    }

    /** What a stem cell of this pool is started with besides the common variables: the memory its heap is sized from. */
    Map<String, String> environment() {
        return memoryMb == 0 ? Map.of() : Map.of("FC_MEMORY_SIZE", Integer.toString(memoryMb));
    }
}
