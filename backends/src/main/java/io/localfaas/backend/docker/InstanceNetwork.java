package io.localfaas.backend.docker;

import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.Labels;

/**
 * The network every instance lives on: a bridge of the engine with inter-container traffic off
 * ({@code com.docker.network.bridge.enable_icc=false}), so that each instance has a network namespace of its own,
 * reaches no other instance and none of the host's loopback services, and binds no host port. The platform reaches
 * an instance at its address on the bridge; an instance reaches the gateway at the bridge's address on the host
 * ({@link #gateway()}), where the gateway opens a listener for instances only. Created once, shared by every platform
 * on the engine, never removed (it holds nothing).
 */
final class InstanceNetwork {
    static final String NAME = "localfaas-instances";
    /**
     * {@code -Dlocalfaas.instanceNetwork=host}: built-in runtimes on the host network as before network namespaces, for
     * bench/gateway-overhead's side-by-side measurement only (it turns the network isolation off).
     */
    static final String HOST_NETWORK_PROPERTY = "localfaas.instanceNetwork";

    private final String id;
    private final String gateway;

    private InstanceNetwork(String id, String gateway) {
        this.id = id;
        this.gateway = gateway;
    }

    /** The network, created when missing. */
    static InstanceNetwork ensure(DockerClient docker) {
        Optional<Network> found = find(docker);
        if (found.isEmpty()) {
            try {
                docker.createNetworkCmd().withName(NAME).withDriver("bridge").withCheckDuplicate(true)
                        .withOptions(Map.of("com.docker.network.bridge.enable_icc", "false"))
                        .withLabels(Map.of(Labels.OWNER, Labels.OWNER_VALUE)).exec();
            } catch (ConflictException e) {
                // another platform created it meanwhile
            }
            found = find(docker);
        }
        Network n = found.orElseThrow(() -> new IllegalStateException("the engine did not create the network " + NAME));
        String gw = n.getIpam() == null || n.getIpam().getConfig() == null ? null : n.getIpam().getConfig().stream()
                .map(Network.Ipam.Config::getGateway).filter(g -> g != null && !g.isBlank() && !g.contains(":")).findFirst().orElse(null);
        if (gw == null) {
            throw new IllegalStateException("the network " + NAME + " has no IPv4 gateway address");
        }
        return new InstanceNetwork(n.getId(), gw.contains("/") ? gw.substring(0, gw.indexOf('/')) : gw);
    }

    private static Optional<Network> find(DockerClient docker) {
        try {
            return Optional.of(docker.inspectNetworkCmd().withNetworkId(NAME).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    String id() {
        return id;
    }

    /** The network's name, as a container's network mode. */
    String name() {
        return NAME;
    }

    /** The host's address on the network: where instances reach the gateway. */
    String gateway() {
        return gateway;
    }

    /**
     * Whether {@code launch} runs in a network namespace of its own on this network: every launch but one started for a
     * debugger ({@code faas up --debug}), whose inspector or JDWP agent listens on the host's loopback as the printed
     * instructions say, and every one under {@link #HOST_NETWORK_PROPERTY}. Pure but for that property.
     */
    static boolean isolated(InstanceLaunch launch) {
        if ("host".equals(System.getProperty(HOST_NETWORK_PROPERTY))) {
            return false;
        }
        String node = launch.environment().getOrDefault("NODE_OPTIONS", "");
        String java = launch.environment().getOrDefault("JAVA_TOOL_OPTIONS", "");
        return !node.contains("--inspect") && !java.contains("jdwp");
    }
}
