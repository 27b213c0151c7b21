package io.localfaas.port;

/** An immutable view of one instance, for decisions and for the admin API. */
public record InstanceView(String id, InstanceState state, int inflight, long lastUsedMillis, boolean cold) {
}
