package io.localfaas.stem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.localfaas.backend.Labels;
import io.localfaas.backend.OwnedInstance;

/**
 * The stem cells of this process (the platform id is the process's, io.localfaas.OrphanPolicy#selfId), by container
 * id: the idle ones, and the function and instance each specialised one became, so that every view of the engine's
 * instances names them as the pools do (the engine cannot relabel a running container).
 */
final class StemRegistry {
    private static final Set<String> IDLE = ConcurrentHashMap.newKeySet();
    private static final Map<String, Map<String, String>> BECAME = new ConcurrentHashMap<>();

    private StemRegistry() {
    }

    static void idle(String backendId) {
        IDLE.add(backendId);
    }

    static void became(String backendId, String function, String instanceId) {
        BECAME.put(backendId, Map.of(Labels.FUNCTION, function, Labels.INSTANCE, instanceId));
        IDLE.remove(backendId);
    }

    static void gone(String backendId) {
        IDLE.remove(backendId);
        BECAME.remove(backendId);
    }

    /** See {@link StemCells#asPlatformSees}. */
    static List<OwnedInstance> asPlatformSees(List<OwnedInstance> owned) {
        List<OwnedInstance> out = new ArrayList<>();
        for (OwnedInstance o : owned) {
            Map<String, String> became = BECAME.get(o.backendId());
            if (became != null) {
                Map<String, String> labels = new HashMap<>(o.labels());
                labels.putAll(became);
                out.add(new OwnedInstance(o.backendId(), labels));
            } else if (!IDLE.contains(o.backendId())) {
                out.add(o);
            }
        }
        return out;
    }
}
