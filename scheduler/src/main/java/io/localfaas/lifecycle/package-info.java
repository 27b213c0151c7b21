/**
 * Cold start and retirement of one instance: create and start through the backend, wait until it listens, run the
 * initializer under its timeout, and pre-stop before removal. Talks to instances only through
 * {@link io.localfaas.protocol.InstanceClient}. {@link io.localfaas.lifecycle.InstanceLauncher} is what the pools
 * know as {@link io.localfaas.pool.Launcher}.
 */
package io.localfaas.lifecycle;
