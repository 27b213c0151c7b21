package io.localfaas.images;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.localfaas.backend.CustomContainer;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.Runtime;

/** Pure: what the engine must start for a function, given what the lifecycle asked for and the function's image. */
public final class LaunchPlans {
    private LaunchPlans() {
    }

    /** FC's custom-runtime start: {@code customRuntimeConfig.command}, else {@code /code/bootstrap}. */
    public static java.util.List<String> command(FunctionSpec fn) {
        return fn.command().isEmpty() ? java.util.List.of("/code/bootstrap") : fn.command();
    }

    /**
     * <ul>
     * <li>custom runtime: as a custom container of the runtime image (or of the function image, code mode image), its
     * code mounted at {@code /code}, started by {@link #command} with {@code args} in {@code /code};</li>
     * <li>custom container: its image, no code mount, its own network namespace listening on {@code caPort} on all
     * interfaces ({@code FC_SERVER_PORT}/{@code FC_CUSTOM_LISTEN_PORT} = caPort, {@code FC_SERVER_HOST} = 0.0.0.0), the
     * port published on the launch's loopback port;</li>
     * <li>code mode image: the function image, no code mount;</li>
     * <li>otherwise: the launch as asked (runtime image, code mounted).</li>
     * </ul>
     */
    public static InstanceLaunch of(FunctionSpec fn, InstanceLaunch asked, String image) {
        if (fn.runtime().servesItself()) {
            Map<String, String> env = new LinkedHashMap<>(asked.environment());
            env.put("FC_SERVER_PORT", Integer.toString(fn.caPort()));
            env.put("FC_CUSTOM_LISTEN_PORT", Integer.toString(fn.caPort()));
            env.put("FC_SERVER_HOST", "0.0.0.0");
            boolean custom = fn.runtime() == Runtime.CUSTOM;
            Optional<java.nio.file.Path> code = custom && !ImageCache.needsBuild(fn) ? asked.codeDir() : Optional.empty();
            CustomContainer settings = custom ? new CustomContainer(fn.caPort(), command(fn), fn.args())
                    : new CustomContainer(fn.caPort(), fn.command(), fn.args());
            return new InstanceLaunch(asked.instanceId(), asked.functionName(), image, code, asked.port(), asked.memoryMb(),
                    env, asked.labels(), Optional.of(settings), asked.mounts(), asked.cpus());
        }
        if (ImageCache.needsBuild(fn)) {
            return new InstanceLaunch(asked.instanceId(), asked.functionName(), image, Optional.empty(), asked.port(), asked.memoryMb(),
                    asked.environment(), asked.labels(), Optional.empty(), asked.mounts(), asked.cpus());
        }
        return asked;
    }
}
