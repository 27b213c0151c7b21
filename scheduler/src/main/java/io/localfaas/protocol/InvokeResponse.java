package io.localfaas.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an instance answered.
 *
 * @param errorType the FC error type ({@code HandledInvocationError}, {@code UnhandledInvocationError}) when the
 *                  function failed; empty on success
 */
public record InvokeResponse(int status, Map<String, List<String>> headers, byte[] body, Optional<String> errorType) {
    public static final String ERROR_TYPE_HEADER = "x-fc-error-type";

    public InvokeResponse {
        headers = Map.copyOf(headers);
    }

    public boolean isFunctionError() {
        return errorType.isPresent();
    }
}
