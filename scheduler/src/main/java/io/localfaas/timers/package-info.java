/**
 * Runs timer triggers: invokes a function with FC's timer event at each time its {@link io.localfaas.spec.CronSchedule}
 * gives. Depends on the spec and the events payloads only; the invocation is a function handed in by the composition root.
 */
package io.localfaas.timers;
