/**
 * Stem cells: generic instances of a runtime, started ahead with no function in them, that a cold start specialises
 * (runtime-images/PROTOCOL.md §10). {@link io.localfaas.stem.StemCells} is the backend decorator; the decisions (which
 * launches may use one, how many to keep) are pure and table-tested.
 */
package io.localfaas.stem;
