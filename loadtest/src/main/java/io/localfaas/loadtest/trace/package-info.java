/**
 * Invocation traces: {@link io.localfaas.loadtest.trace.Trace} (requests in time order, in primitive arrays),
 * {@link io.localfaas.loadtest.trace.TraceReader} (per-request CSV/JSON and the Azure Functions 2019 per-minute shape,
 * file:line errors) and {@link io.localfaas.loadtest.trace.TraceGenerator} (a seeded synthetic trace). Pure but for
 * reading and writing files; used by {@code faas loadtest --trace} and {@code faas simulate}. No localfaas dependency.
 */
package io.localfaas.loadtest.trace;
