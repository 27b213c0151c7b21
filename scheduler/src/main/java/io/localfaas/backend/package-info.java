/**
 * The seam to whatever runs instances: {@link io.localfaas.backend.InstanceBackend}. Implementations live in
 * sub-packages ({@code docker}); nothing outside them imports an engine's client library.
 */
package io.localfaas.backend;
