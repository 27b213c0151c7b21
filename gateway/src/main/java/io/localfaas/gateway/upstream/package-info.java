/**
 * The gateway's non-blocking side towards instances, for its one call path: HTTP/1.1 written and read here rather than
 * through a general-purpose client (a call's head goes out as bytes straight from the exchange, {@link
 * io.localfaas.gateway.upstream.HeadBytes}; the answer's head is parsed as it arrives and a small body handed over with
 * it, {@link io.localfaas.gateway.upstream.Http1Exchange}), keep-alive connections per I/O thread and per instance
 * ({@link io.localfaas.gateway.upstream.UpstreamConnections}), and the copy of a large answer to a client with a write
 * timeout ({@link io.localfaas.gateway.upstream.PassThrough}). Everything here runs on one XNIO I/O thread per connection
 * and never blocks; what a call means (FC's answers, errors, slots) is the gateway's business, not this package's.
 */
package io.localfaas.gateway.upstream;
