package io.localfaas;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.localfaas.backend.Labels;

/** Decides which labelled instances were left behind by a platform that no longer runs. Pure. */
public final class OrphanPolicy {
    private OrphanPolicy() {
    }

    /**
     * @param labels      the instance's labels
     * @param selfId      this platform's id: its own instances are never orphans
     * @param platformAlive whether a platform id ({@code pid@startMillis}) names a running process
     */
    public static boolean isOrphan(Map<String, String> labels, String selfId, Predicate<String> platformAlive) {
        if (!Labels.OWNER_VALUE.equals(labels.get(Labels.OWNER))) {
            return false;
        }
        String owner = labels.get(Labels.PLATFORM);
        if (owner == null) {
            return true;
        }
        return !owner.equals(selfId) && !platformAlive.test(owner);
    }

    /** This process's platform id: {@code pid@startMillis}, so that a reused pid is not taken for a live platform. */
    public static String selfId() {
        ProcessHandle self = ProcessHandle.current();
        return self.pid() + "@" + self.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }

    /** Whether the platform id names a process on this machine that is still running. */
    public static boolean alive(String platformId) {
        int at = platformId.indexOf('@');
        if (at <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(platformId.substring(0, at));
            long start = Long.parseLong(platformId.substring(at + 1));
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            return p.isPresent() && p.get().isAlive()
                    && p.get().info().startInstant().map(i -> i.toEpochMilli() == start).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
