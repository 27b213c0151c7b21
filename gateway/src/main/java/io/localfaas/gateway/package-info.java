/**
 * The HTTP face of localfaas: Undertow server, routing of triggers and FC paths to functions, error mapping. Calls
 * instances only through the port {@link io.localfaas.port.Calls} (one non-blocking path: route -> entry ->
 * {@link io.localfaas.gateway.CallPath} -> {@link io.localfaas.gateway.FcAnswer}); reads configuration through
 * {@code io.localfaas.spec}; knows nothing of Docker, pools or lifecycles (the admin API and dashboard still read the
 * scheduler's snapshot: see GatewayImportsTest).
 */
package io.localfaas.gateway;
