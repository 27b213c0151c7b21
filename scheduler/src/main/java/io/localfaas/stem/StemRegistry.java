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
 * The stem cells of this process (the platform id is the process's, io.localfaas.OrphanPolicy#selfId): the ones not
 * specialised (starting or idle) by their stem id, registered before their container is created, and the function and
 * instance each specialised one became by container id, so that every view of the engine's instances names them as the
 * pools do (the engine cannot relabel a running container) and none hides a stem cell this process no longer holds.
 */
final class StemRegistry {
    private static final Set<String> UNSPECIALISED = ConcurrentHashMap.newKeySet();
    private static final Map<String, Map<String, String>> BECAME = new ConcurrentHashMap<>();

    private StemRegistry() {
    }

    /** Before its container is created: the stem cell {@code stemId} is this process's. */
    static void unspecialised(String stemId) {
        UNSPECIALISED.add(stemId);
    }

    static void became(String stemId, String backendId, String function, String instanceId) {
        BECAME.put(backendId, Map.of(Labels.FUNCTION, function, Labels.INSTANCE, instanceId));
        UNSPECIALISED.remove(stemId);
    }

    /** The stem cell {@code stemId} (container {@code backendId}, null when none was created) is removed. */
    static void gone(String stemId, String backendId) {
        UNSPECIALISED.remove(stemId);
        if (backendId != null) {
            BECAME.remove(backendId);
        }
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
            } else if (!(o.labels().containsKey(StemCells.LABEL) && UNSPECIALISED.contains(o.labels().get(Labels.INSTANCE)))) {
                out.add(o);
            }
        }
        return out;
    }
}
