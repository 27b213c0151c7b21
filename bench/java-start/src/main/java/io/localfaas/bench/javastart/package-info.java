/**
 * The java17 start-time benchmark: starts runtime-java17 containers through the platform's own Docker seam
 * ({@code io.localfaas.backend.docker.DockerBackend}) with different JVM flags and times each cold start to its first
 * response. Talks only to the local Docker engine and to 127.0.0.1; every loop and wait is bounded. Must not be used
 * by the platform.
 */
package io.localfaas.bench.javastart;
