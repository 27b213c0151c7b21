package io.localfaas.gateway;

import io.localfaas.Scheduler;

/** Where {@code X-Fc-Log-Type: Tail} reads an invocation's output from. */
@FunctionalInterface
public interface LogTailSource {
    /** The output of {@code requestId} so far: its lines (others may be mixed in; they are filtered out). Never throws. */
    String logs(String function, String instanceId, String requestId);

    /** The instance's last output lines as the backend keeps them (when no log capture runs). */
    static LogTailSource backendLogs(Scheduler scheduler) {
        return (function, instanceId, requestId) -> scheduler.instanceLogs(function, instanceId, 500);
    }
}
