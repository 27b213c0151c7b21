/**
 * The function model: immutable records that check their own invariants, and {@link io.localfaas.spec.SpecLoader},
 * the only class that reads YAML. Depends on nothing else in localfaas; knows nothing of Docker or HTTP.
 */
package io.localfaas.spec;
