/**
 * Function logs: every instance's stdout/stderr, tagged with the request id where it is known, kept in a bounded
 * ring buffer per function (for {@code X-Fc-Log-Type: Tail}) and appended to a file per function under the state
 * dir (for {@code faas logs}). Depends on {@code backend} (the seam) only; never on an engine's client library or
 * on HTTP.
 */
package io.localfaas.logs;
