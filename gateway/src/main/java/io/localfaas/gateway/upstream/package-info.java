/**
 * The gateway's non-blocking side towards instances, for its one call path: keep-alive connections per I/O thread and per
 * instance ({@link io.localfaas.gateway.upstream.UpstreamConnections}) and the copy of a large answer to a client with a
 * write timeout ({@link io.localfaas.gateway.upstream.PassThrough}). Everything here runs on one XNIO I/O thread per
 * connection and never blocks; what a call means (FC's answers, errors, slots) is the gateway's business, not this
 * package's.
 */
package io.localfaas.gateway.upstream;
