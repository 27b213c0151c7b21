/**
 * The HTTP face of localfaas: Undertow server, routing of triggers and FC paths to functions, error mapping. Talks to
 * functions only through {@link io.localfaas.Scheduler}; knows nothing of Docker.
 */
package io.localfaas.gateway;
