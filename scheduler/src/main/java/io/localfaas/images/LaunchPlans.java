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

    /**
     * <ul>
     * <li>custom container: its image, no code mount, its own network namespace listening on {@code caPort} on all
     * interfaces ({@code FC_SERVER_PORT}/{@code FC_CUSTOM_LISTEN_PORT} = caPort, {@code FC_SERVER_HOST} = 0.0.0.0), the
     * port published on the launch's loopback port;</li>
     * <li>code mode image: the function image, no code mount;</li>
     * <li>otherwise: the launch as asked (runtime image, code mounted).</li>
     * </ul>
     */
    public static InstanceLaunch of(FunctionSpec fn, InstanceLaunch asked, String image) {
        if (fn.runtime() == Runtime.CUSTOM_CONTAINER) {
            Map<String, String> env = new LinkedHashMap<>(asked.environment());
            env.put("FC_SERVER_PORT", Integer.toString(fn.caPort()));
            env.put("FC_CUSTOM_LISTEN_PORT", Integer.toString(fn.caPort()));
            env.put("FC_SERVER_HOST", "0.0.0.0");
            return new InstanceLaunch(asked.instanceId(), asked.functionName(), image, Optional.empty(), asked.port(), asked.memoryMb(),
                    env, asked.labels(), Optional.of(new CustomContainer(fn.caPort(), fn.command(), fn.args())), asked.mounts());
        }
        if (ImageCache.needsBuild(fn)) {
            return new InstanceLaunch(asked.instanceId(), asked.functionName(), image, Optional.empty(), asked.port(), asked.memoryMb(),
                    asked.environment(), asked.labels(), Optional.empty(), asked.mounts());
        }
        return asked;
    }
}
