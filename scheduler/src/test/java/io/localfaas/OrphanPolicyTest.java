package io.localfaas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.localfaas.backend.Labels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OrphanPolicyTest {
    private static final Set<String> LIVE = Set.of("100@5", "200@7");

    @ParameterizedTest(name = "owner={0} platform={1} -> orphan {2}")
    @CsvSource({
            "localfaas, 100@5, false",   // this platform's own
            "localfaas, 200@7, false",   // another live platform's
            "localfaas, 300@9, true",    // a dead platform's
            "localfaas, , true",         // labelled ours but no platform: left by something broken
            "someone-else, 300@9, false",// not ours at all
            ", 300@9, false"
    })
    void orphansAreOursAndFromDeadPlatforms(String owner, String platform, boolean orphan) {
        Map<String, String> labels = new HashMap<>();
        if (owner != null) {
            labels.put(Labels.OWNER, owner);
        }
        if (platform != null) {
            labels.put(Labels.PLATFORM, platform);
        }
        assertEquals(orphan, OrphanPolicy.isOrphan(labels, "100@5", LIVE::contains));
    }

    @Test
    void thisProcessIsAliveAndAMadeUpOneIsNot() {
        assertTrue(OrphanPolicy.alive(OrphanPolicy.selfId()));
        assertFalse(OrphanPolicy.alive(ProcessHandle.current().pid() + "@1"));
        assertFalse(OrphanPolicy.alive("not-an-id"));
        assertFalse(OrphanPolicy.alive("@"));
    }
}
