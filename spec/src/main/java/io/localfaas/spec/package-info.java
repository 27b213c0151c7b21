/**
 * The function model: immutable records that check their own invariants (all of them at once, see
 * {@link io.localfaas.spec.SpecViolation}), and {@link io.localfaas.spec.SpecLoader}, which reads the native YAML format
 * and Funcraft {@code template.yml} into it. snakeyaml is used only in this package. Depends on nothing else in
 * localfaas; knows nothing of Docker or HTTP.
 */
package io.localfaas.spec;
