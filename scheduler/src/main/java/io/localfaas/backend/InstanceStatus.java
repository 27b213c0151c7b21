package io.localfaas.backend;

/** Whether an instance still runs; if not, how it ended. */
public record InstanceStatus(boolean running, Integer exitCode, boolean oomKilled) {
    public static final InstanceStatus RUNNING = new InstanceStatus(true, null, false);

    public String describe() {
        if (running) {
            return "running";
        }
        return oomKilled ? "killed: out of memory" : "exited with code " + exitCode;
    }
}
