package io.localfaas.spec;

import java.util.Optional;

/**
 * How much CPU an instance of a function gets, in vCPU, as Function Compute sizes it. Pure.
 *
 * <p>Written ({@code cpu}): FC's rules for elastic instances: 0.05-16 vCPU in steps of 0.05, and memory (in GB) between
 * 1 and 4 times the vCPU (FC's "1:1 to 1:4"). Not written: derived from memorySize as FC's own local emulator does
 * (devsapp fc-core {@code genContainerResourcesLimitConfig}): 2 vCPU per 3 GB up to 3 GB (elastic instances), 1 vCPU per
 * 2 GB above (performance instances), and at least one core, so that a small function still starts in reasonable time.
 */
public final class CpuSize {
    /** FC's smallest and largest vCPU, and its step. */
    public static final double MIN = 0.05;
    public static final double MAX = 16;
    public static final double STEP = 0.05;

    private CpuSize() {
    }

    /** The vCPU of a function whose file gives only {@code memoryMb}. */
    public static double derived(int memoryMb) {
        double ratio = memoryMb > 3072 ? 1.0 / 2048 : 2.0 / 3072;
        return Math.max(1.0, memoryMb * ratio);
    }

    /** What is wrong with a written {@code cpu} for {@code memoryMb}, if anything (a rule to show after the value). */
    public static Optional<String> problem(double cpu, int memoryMb) {
        if (!(cpu >= MIN && cpu <= MAX)) {
            return Optional.of("must be 0.05-16 vCPU");
        }
        double steps = cpu / STEP;
        if (Math.abs(steps - Math.rint(steps)) > 1e-6) {
            return Optional.of("must be a multiple of 0.05 vCPU");
        }
        double gb = memoryMb / 1024.0;
        if (gb < cpu - 1e-9 || gb > 4 * cpu + 1e-9) {
            return Optional.of("memorySize " + memoryMb + " MB is " + format(gb) + " GB; Function Compute needs memory (GB) between 1 and 4"
                    + " times the vCPU, so " + format(cpu) + " vCPU needs " + Math.round(Math.ceil(cpu * 1024 / 64) * 64) + "-"
                    + Math.round(Math.floor(cpu * 4096 / 64) * 64) + " MB (or another cpu: " + range(memoryMb) + ")");
        }
        return Optional.empty();
    }

    /** The vCPU values FC accepts with {@code memoryMb}, for the message (for example {@code 0.05-0.1}). */
    static String range(int memoryMb) {
        double gb = memoryMb / 1024.0;
        double low = Math.max(MIN, Math.ceil(gb / 4 / STEP - 1e-9) * STEP);
        double high = Math.min(MAX, Math.floor(gb / STEP + 1e-9) * STEP);
        return low > high ? "none" : format(low) + "-" + format(high);
    }

    static String format(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
