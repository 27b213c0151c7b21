package io.localfaas.stem;

/**
 * Pure: how many idle stem cells of one runtime to keep, reacting to the recent cold-start rate as OpenWhisk's reactive
 * prewarm does: none while the runtime is not in use, else one per cold start that took (or wanted) one in the last
 * window, at least one, at most the platform's bound.
 */
public final class StemPoolSize {
    private StemPoolSize() {
    }

    /**
     * @param inUse        a function of the runtime is deployed, or one of its starts asked for a stem cell within the
     *                     idle window
     * @param recentTakes  stem cells taken (or asked for while none was idle) within the last window
     * @param max          the platform's bound per runtime ({@code --stem-cells N})
     */
    public static int target(boolean inUse, int recentTakes, int max) {
        if (!inUse || max <= 0) {
            return 0;
        }
        return Math.min(max, Math.max(1, recentTakes));
    }
}
