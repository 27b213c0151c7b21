/**
 * The seam to running instances: the HTTP protocol of runtime-images/PROTOCOL.md ({@code /initialize},
 * {@code /invoke}, HTTP pass-through, {@code /pre-stop}). Knows nothing of how instances are started.
 */
package io.localfaas.protocol;
