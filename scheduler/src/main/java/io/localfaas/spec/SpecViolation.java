package io.localfaas.spec;

/**
 * A record's invariant that does not hold: names the key, the offending value and the rule, so that the loader
 * can point at the key's line and column.
 */
public final class SpecViolation extends IllegalArgumentException {
    private final String key;
    private final String value;
    private final String rule;

    public SpecViolation(String key, Object value, String rule) {
        super(key + " = " + value + ": " + rule);
        this.key = key;
        this.value = String.valueOf(value);
        this.rule = rule;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String rule() {
        return rule;
    }

    static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new SpecViolation(key, value, rule);
        }
    }
}
