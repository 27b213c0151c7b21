/**
 * The process backend: runs the runtime bootstraps ({@code runtime-images/<runtime>/bootstrap}) as local child
 * processes, for machines without a Docker engine. No isolation: the function runs as the platform's user with its
 * file system. Keeps a registry of what it started (one file per instance, with the labels and pid) so that instances
 * of a platform that died are reaped like containers. Depends only on the {@code backend} seam and the JDK.
 */
package io.localfaas.backend.process;
