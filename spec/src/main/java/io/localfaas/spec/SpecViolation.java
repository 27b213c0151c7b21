package io.localfaas.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * A record's invariant that does not hold: names the key, the offending value and the rule, so that the loader
 * can point at the key's line and column. A record checks all of its invariants before throwing (see {@link Checks}),
 * so one exception carries every violation in {@link #all()}.
 */
public final class SpecViolation extends IllegalArgumentException {
    private final String key;
    private final String value;
    private final String rule;
    private final transient List<SpecViolation> all = new ArrayList<>();

    public SpecViolation(String key, Object value, String rule) {
        super(key + " = " + value + ": " + rule);
        this.key = key;
        this.value = String.valueOf(value);
        this.rule = rule;
        this.all.add(this);
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

    /** This violation and every other one found by the same check, in order. */
    public List<SpecViolation> all() {
        return List.copyOf(all);
    }

    /** Collects every violated invariant of one record, then throws them together. */
    static final class Checks {
        private final List<SpecViolation> found = new ArrayList<>();

        void require(boolean ok, String key, Object value, String rule) {
            if (!ok) {
                found.add(new SpecViolation(key, value, rule));
            }
        }

        /** Throws the first violation (carrying all of them) if any was found. */
        void throwIfAny() {
            if (!found.isEmpty()) {
                SpecViolation first = found.get(0);
                first.all.addAll(found.subList(1, found.size()));
                throw first;
            }
        }
    }
}
