/** The Docker engine behind {@link io.localfaas.backend.InstanceBackend}: the only package that imports docker-java. */
package io.localfaas.backend.docker;
