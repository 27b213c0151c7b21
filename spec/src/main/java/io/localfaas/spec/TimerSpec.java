package io.localfaas.spec;

import java.util.Objects;

/**
 * A timer trigger of {@code function}: FC invokes it at each time {@code schedule} gives, with the event
 * {@code {"triggerTime", "triggerName": name, "payload"}}; a disabled timer never fires.
 */
public record TimerSpec(String function, String name, CronSchedule schedule, String payload, boolean enabled) {
    public TimerSpec {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(payload, "payload");
    }
}
