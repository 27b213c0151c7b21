/**
 * Export of a localfaas configuration to Knative Serving: {@link io.localfaas.export.KnativeMapping} turns an
 * {@code AppSpec} into typed {@code serving.knative.dev/v1} Services (fabric8's Knative model) and the list of what
 * has no Knative equivalent; {@link io.localfaas.export.ManifestWriter} writes them as YAML. Pure except for the
 * writer's files; knows nothing of Docker or HTTP.
 */
package io.localfaas.export;
