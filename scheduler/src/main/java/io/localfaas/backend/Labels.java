package io.localfaas.backend;

/** The labels put on everything localfaas creates. */
public final class Labels {
    public static final String OWNER = "io.localfaas.owner";
    public static final String OWNER_VALUE = "localfaas";
    /** Which platform process created it: {@code <pid>@<start-instant-millis>}. */
    public static final String PLATFORM = "io.localfaas.platform";
    public static final String FUNCTION = "io.localfaas.function";
    public static final String INSTANCE = "io.localfaas.instance";

    private Labels() {
    }
}
