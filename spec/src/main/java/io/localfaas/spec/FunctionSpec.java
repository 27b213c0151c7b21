package io.localfaas.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One function, as declared in YAML. Limits follow Function Compute: instanceConcurrency 1-200, memorySize
 * 128-32768 MB in steps of 64, timeout 1-600 s, initializationTimeout 1-300 s.
 *
 * @param codeUri     absolute path of the code directory (or jar, for java17); empty for custom containers
 * @param codeMode    whether the code is mounted or baked into an image
 * @param image       the image of a custom container; empty for built-in runtimes
 * @param initializer handler of the initializer, empty when the function has none
 * @param caPort      custom-container and custom: the port the function's server listens on inside its own network namespace
 *                    (FC CAPort, customRuntimeConfig.port)
 * @param command     custom-container: replaces the image's entrypoint (FC Command), empty keeps it; custom: the command
 *                    that starts the server (customRuntimeConfig.command), empty runs {@code /code/bootstrap}
 * @param args        custom-container: replaces the image's command (FC Args), empty keeps it; custom: the command's
 *                    arguments (customRuntimeConfig.args)
 * @param mounts      host directories mounted into every instance (FC's NAS mounts); targets unique
 * @param scaling     the scaling policy; {@code instanceConcurrency} caps the requests on one instance under every policy
 * @param cpu         the vCPU written in the file (FC's {@code cpu}); empty: derived from memorySize ({@link #cpuCores()})
 * @param stemCells   whether a cold start may specialise a pre-started stem cell (when the platform keeps them);
 *                    false: every instance boots (docs/stem-cells.md)
 */
public record FunctionSpec(
        String service,
        String name,
        Runtime runtime,
        Optional<Path> codeUri,
        CodeMode codeMode,
        Optional<String> image,
        String handler,
        Optional<String> initializer,
        Optional<String> preStop,
        Duration initializationTimeout,
        Duration timeout,
        int memorySize,
        int instanceConcurrency,
        int minInstances,
        int maxInstances,
        Duration idleTimeout,
        Map<String, String> environment,
        List<TriggerSpec> triggers,
        int caPort,
        List<String> command,
        List<String> args,
        List<MountSpec> mounts,
        ScalingSpec scaling,
        OptionalDouble cpu,
        boolean stemCells) {
    /** FC's default CAPort. */
    public static final int DEFAULT_CA_PORT = 9000;

    public FunctionSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(codeMode, "codeMode");
        environment = Map.copyOf(environment);
        triggers = List.copyOf(triggers);
        command = List.copyOf(command);
        args = List.copyOf(args);
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(scaling, "scaling");
        Objects.requireNonNull(cpu, "cpu");
        SpecViolation.Checks c = new SpecViolation.Checks();
        c.require(caPort >= 1 && caPort <= 65535, "caPort", caPort, "must be 1-65535");
        c.require(Names.valid(name), "name", name, "must be " + Names.RULE);
        c.require(Names.valid(service), "service", service, "must be " + Names.RULE);
        c.require(instanceConcurrency >= 1 && instanceConcurrency <= 200, "instanceConcurrency", instanceConcurrency, "must be 1-200");
        c.require(memorySize >= 128 && memorySize <= 32768 && memorySize % 64 == 0, "memorySize", memorySize,
                "must be 128-32768 MB in steps of 64");
        c.require(between(timeout, 1, 600), "timeout", Durations.format(timeout), "must be 1-600 s");
        c.require(between(initializationTimeout, 1, 300), "initializationTimeout", Durations.format(initializationTimeout),
                "must be 1-300 s");
        c.require(minInstances >= 0, "minInstances", minInstances, "must be >= 0");
        c.require(maxInstances >= 1, "maxInstances", maxInstances, "must be >= 1");
        c.require(minInstances <= maxInstances, "minInstances", minInstances, "must be <= maxInstances (" + maxInstances + ")");
        c.require(Durations.positive(idleTimeout), "idleTimeout", Durations.format(idleTimeout), "must be positive");
        c.require(runtime.servesItself() || !handler.isBlank(), "handler", handler, "a " + runtime.id() + " function needs a handler");
        if (runtime == Runtime.CUSTOM_CONTAINER) {
            c.require(image.isPresent(), "image", "(none)", "a custom-container function needs an image");
        } else {
            c.require(codeUri.isPresent(), "codeUri", "(none)", "a " + runtime.id() + " function needs codeUri");
        }
        c.require(mounts.stream().map(m -> m.target().replaceAll("/$", "")).distinct().count() == mounts.size(), "mounts",
                mounts.stream().map(MountSpec::target).toList(), "two mounts have the same target");
        scaling.watermarks().connections().ifPresent(n -> c.require(n <= instanceConcurrency, "scaling.watermarks.connections", n,
                "must be <= instanceConcurrency (" + instanceConcurrency + "): an instance never holds more requests at once"));
        if (cpu.isPresent()) {
            CpuSize.problem(cpu.getAsDouble(), memorySize).ifPresent(rule -> c.require(false, "cpu", CpuSize.format(cpu.getAsDouble()), rule));
        }
        c.throwIfAny();
    }

    /** A function that may start from a stem cell. */
    public FunctionSpec(String service, String name, Runtime runtime, Optional<Path> codeUri, CodeMode codeMode, Optional<String> image,
                        String handler, Optional<String> initializer, Optional<String> preStop, Duration initializationTimeout,
                        Duration timeout, int memorySize, int instanceConcurrency, int minInstances, int maxInstances,
                        Duration idleTimeout, Map<String, String> environment, List<TriggerSpec> triggers, int caPort,
                        List<String> command, List<String> args, List<MountSpec> mounts, ScalingSpec scaling, OptionalDouble cpu) {
        this(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout, timeout, memorySize,
                instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command, args, mounts,
                scaling, cpu, true);
    }

    /** A function whose CPU is derived from its memorySize (no {@code cpu} written). */
    public FunctionSpec(String service, String name, Runtime runtime, Optional<Path> codeUri, CodeMode codeMode, Optional<String> image,
                        String handler, Optional<String> initializer, Optional<String> preStop, Duration initializationTimeout,
                        Duration timeout, int memorySize, int instanceConcurrency, int minInstances, int maxInstances,
                        Duration idleTimeout, Map<String, String> environment, List<TriggerSpec> triggers, int caPort,
                        List<String> command, List<String> args, List<MountSpec> mounts, ScalingSpec scaling) {
        this(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout, timeout, memorySize,
                instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command, args, mounts,
                scaling, OptionalDouble.empty());
    }

    /** A function scaled by FC's concurrency rule. */
    public FunctionSpec(String service, String name, Runtime runtime, Optional<Path> codeUri, CodeMode codeMode, Optional<String> image,
                        String handler, Optional<String> initializer, Optional<String> preStop, Duration initializationTimeout,
                        Duration timeout, int memorySize, int instanceConcurrency, int minInstances, int maxInstances,
                        Duration idleTimeout, Map<String, String> environment, List<TriggerSpec> triggers, int caPort,
                        List<String> command, List<String> args, List<MountSpec> mounts) {
        this(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout, timeout, memorySize,
                instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command, args, mounts,
                ScalingSpec.CONCURRENCY);
    }

    /** A function with the custom-container settings and no mounts. */
    public FunctionSpec(String service, String name, Runtime runtime, Optional<Path> codeUri, CodeMode codeMode, Optional<String> image,
                        String handler, Optional<String> initializer, Optional<String> preStop, Duration initializationTimeout,
                        Duration timeout, int memorySize, int instanceConcurrency, int minInstances, int maxInstances,
                        Duration idleTimeout, Map<String, String> environment, List<TriggerSpec> triggers, int caPort,
                        List<String> command, List<String> args) {
        this(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout, timeout, memorySize,
                instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command, args, List.of());
    }

    /** A function without the custom-container settings (caPort 9000, the image's own entrypoint and command). */
    public FunctionSpec(String service, String name, Runtime runtime, Optional<Path> codeUri, CodeMode codeMode, Optional<String> image,
                        String handler, Optional<String> initializer, Optional<String> preStop, Duration initializationTimeout,
                        Duration timeout, int memorySize, int instanceConcurrency, int minInstances, int maxInstances,
                        Duration idleTimeout, Map<String, String> environment, List<TriggerSpec> triggers) {
        this(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout, timeout, memorySize,
                instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, DEFAULT_CA_PORT, List.of(), List.of(), List.of());
    }

    /** This function with {@code env} as its environment variables. */
    public FunctionSpec withEnvironment(Map<String, String> env) {
        return new FunctionSpec(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout,
                timeout, memorySize, instanceConcurrency, minInstances, maxInstances, idleTimeout, env, triggers, caPort, command, args, mounts, scaling, cpu, stemCells);
    }

    /** This function with {@code value} as its HTTP triggers (custom-domain routes added by the reader). */
    public FunctionSpec withTriggers(List<TriggerSpec> value) {
        return new FunctionSpec(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout,
                timeout, memorySize, instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, value, caPort, command,
                args, mounts, scaling, cpu, stemCells);
    }

    /** This function with other instance bounds and time limits (a debugging session's: one instance, long timeouts). */
    public FunctionSpec withLimits(int minInstances, int maxInstances, Duration timeout, Duration initializationTimeout, Duration idleTimeout) {
        return new FunctionSpec(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout,
                timeout, memorySize, instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command,
                args, mounts, scaling, cpu, stemCells);
    }

    /** This function with another instanceConcurrency, every other setting (mounts and scaling included) kept. */
    public FunctionSpec withInstanceConcurrency(int value) {
        return new FunctionSpec(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout,
                timeout, memorySize, value, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command, args, mounts,
                scaling, cpu, stemCells);
    }

    /** This function under another scaling policy, every other setting kept. */
    public FunctionSpec withScaling(ScalingSpec value) {
        return new FunctionSpec(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout,
                timeout, memorySize, instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command, args,
                mounts, value, cpu, stemCells);
    }

    /** This function with {@code value} as its written vCPU (empty: derived from memorySize), every other setting kept. */
    public FunctionSpec withCpu(OptionalDouble value) {
        return new FunctionSpec(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout,
                timeout, memorySize, instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command, args,
                mounts, scaling, value, stemCells);
    }

    /** This function with {@code value} as its {@code stemCells} switch, every other setting kept. */
    public FunctionSpec withStemCells(boolean value) {
        return new FunctionSpec(service, name, runtime, codeUri, codeMode, image, handler, initializer, preStop, initializationTimeout,
                timeout, memorySize, instanceConcurrency, minInstances, maxInstances, idleTimeout, environment, triggers, caPort, command, args,
                mounts, scaling, cpu, value);
    }

    /** The vCPU an instance gets: {@code cpu} as written, else derived from memorySize ({@link CpuSize}). */
    public double cpuCores() {
        return cpu.orElseGet(() -> CpuSize.derived(memorySize));
    }

    /** The image an instance of this function runs. */
    public String instanceImage() {
        return image.orElseGet(runtime::image);
    }

    private static boolean between(Duration d, long minSeconds, long maxSeconds) {
        return d.compareTo(Duration.ofSeconds(minSeconds)) >= 0 && d.compareTo(Duration.ofSeconds(maxSeconds)) <= 0;
    }
}
