/**
 * Function Compute event payloads: the JSON an FC trigger delivers to a function (timer, OSS, HTTP, MNS), as samples
 * for {@code faas event} and as what localfaas's own timer triggers send. Pure values: no I/O, no clock reads.
 */
package io.localfaas.events;
