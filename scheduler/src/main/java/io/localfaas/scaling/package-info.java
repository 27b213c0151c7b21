/** Scaling decisions: pure functions over snapshots. No clock reads, no I/O. */
package io.localfaas.scaling;
