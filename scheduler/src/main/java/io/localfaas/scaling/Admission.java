package io.localfaas.scaling;

/**
 * Whether a request that finds no free slot may wait for one. It may, unless the function already runs (or starts)
 * maxInstances instances and {@code maxQueue} requests are already waiting: then no capacity is on the way for it and
 * it is throttled at once (429), before anything runs. Below maxInstances the scaler starts instances for waiters, so
 * they are not "queued at the maximum" and always admitted (their wait is still bounded by maxQueueWait).
 */
public final class Admission {
    private Admission() {
    }

    /**
     * @param instances    instances that serve or will serve (starting, initializing, ready)
     * @param waiting      requests already waiting, not counting this one
     * @param maxQueue     the most requests that may wait once maxInstances is reached
     */
    public static boolean mayWait(int instances, int maxInstances, int waiting, int maxQueue) {
        return instances < maxInstances || waiting < maxQueue;
    }
}
