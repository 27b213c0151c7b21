package io.localfaas.gateway;

import java.time.Duration;

import io.localfaas.port.LogTails;
import io.localfaas.port.Platform;

/** Where {@code X-Fc-Log-Type: Tail} reads an invocation's output from. */
@FunctionalInterface
public interface LogTailSource {
    /**
     * The output of {@code requestId}, waiting at most {@code wait} for the runtime's {@code FC Invoke End} marker: its
     * lines (others may be mixed in; they are filtered out). Never throws.
     */
    String awaitEnd(String function, String instanceId, String requestId, Duration wait);

    /** The functions' captured output: waits on the log store itself for the end marker. */
    static LogTailSource captured(LogTails logs) {
        return (function, instanceId, requestId, wait) -> {
            try {
                return logs.tailAfterEnd(function, requestId, LogTails.FC_TAIL_BYTES, wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return logs.tail(function, requestId, LogTails.FC_TAIL_BYTES);
            }
        };
    }

    /**
     * The instance's last output lines as the backend keeps them (when no log capture runs). The backend tells nobody
     * when a line arrives, so this polls, bounded by {@code wait}.
     */
    static LogTailSource backendLogs(Platform scheduler) {
        return (function, instanceId, requestId, wait) -> {
            long deadline = System.nanoTime() + wait.toNanos();
            String logs = scheduler.instanceLogs(function, instanceId, 500);
            try {
                while (!LogTail.complete(logs, requestId) && System.nanoTime() < deadline) {
                    Thread.sleep(25);
                    logs = scheduler.instanceLogs(function, instanceId, 500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return logs;
        };
    }
}
