/**
 * The load generator behind {@code faas loadtest} and {@code faas tune}, and its reports (text, JSON, HTML).
 * It is a client of a running platform: it speaks HTTP to the gateway (invoke API or an HTTP trigger) and to the
 * admin API. It must not depend on the scheduler or the gateway modules.
 * <p>
 * Pure parts with table tests: {@link io.localfaas.loadtest.Stages} (staged profiles and the open loop's intended
 * send times), {@link io.localfaas.loadtest.Durations}, {@link io.localfaas.loadtest.Recorder} (aggregation into a
 * {@link io.localfaas.loadtest.Report}), {@link io.localfaas.loadtest.TuneRule}, {@link io.localfaas.loadtest.Compare}.
 */
package io.localfaas.loadtest;
