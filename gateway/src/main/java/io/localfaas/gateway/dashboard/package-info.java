/**
 * The live dashboard: what it shows, built as JSON from the scheduler's snapshot, the instances' metrics, the watermark
 * decisions and the recent activity; served as server-sent events by the admin API. Knows nothing of Docker.
 */
package io.localfaas.gateway.dashboard;
