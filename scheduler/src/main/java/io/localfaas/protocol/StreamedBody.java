package io.localfaas.protocol;

import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A request body forwarded to an instance as it is read from the client, of a length known beforehand (the client's
 * {@code Content-Length}): the instance receives exactly {@code length} bytes, or the call fails.
 */
public record StreamedBody(Supplier<InputStream> source, long length) {
}
