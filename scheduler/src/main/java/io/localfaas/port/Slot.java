package io.localfaas.port;

import java.time.Duration;
import java.util.Optional;

import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.RequestHead;
import io.localfaas.spec.FunctionSpec;

/**
 * A slot on one instance, taken through {@link Calls}: where the instance listens, which instance and function it is,
 * and how the slot was found (a cold start's breakdown, the time queued). Give it back exactly once
 * ({@link Calls#give} or {@link Calls#fail}).
 */
public interface Slot {
    String instanceId();

    /** The address the instance listens on (on the instances' network, or loopback). */
    String host();

    int port();

    FunctionSpec spec();

    /** Present when the slot's instance was started for it: the start's breakdown as the response header shows it. */
    Optional<String> coldStart();

    Duration queueWait();

    /**
     * The head of {@code request} to this slot's instance, with its instance key and FC's {@code x-fc-*} headers. Made once
     * per call, just before it is sent: the platform takes the request id as one its instance was sent (for the
     * instance's output, io.localfaas.logs.RequestIds).
     */
    RequestHead head(InvokeRequest request, long contentLength);

    /**
     * Tells the platform that the call {@code requestId} is about to be sent to this slot's instance (its output's Start
     * and End markers count only for calls it was sent: io.localfaas.logs.RequestIds). {@link #head} does it; a caller
     * that builds the head itself from {@link #instanceHeaders} calls it once per call, before the first byte.
     */
    void sending(String requestId);

    /**
     * The headers every call to this slot's instance carries whatever the request ({@link RequestHead#instanceHeaders}),
     * made once per instance and handed out as the same list on every slot of it (a caller may keep what it makes of
     * them by the list's identity): for a caller that builds the rest of the head from its own request.
     */
    java.util.List<RequestHead.Header> instanceHeaders();
}
