package io.localfaas.spec;

import java.util.regex.Pattern;

/** Function Compute's rule for service and function names. */
public final class Names {
    public static final String RULE = "1-64 letters, digits, _ or -, not starting with a digit or -";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");

    private Names() {
    }

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
