package io.localfaas.metrics;

/**
 * An instance's CPU share, in cores: {@code memorySize / 1024}, as FC gives CPU in proportion to memory and as the
 * Docker backend weighs it (CPU shares = memorySize, 1024 being one core's weight), at most the machine's cores.
 */
public final class CpuShare {
    private CpuShare() {
    }

    public static double cores(int memoryMb, int machineCores) {
        return Math.min(Math.max(1, machineCores), memoryMb / 1024.0);
    }
}
