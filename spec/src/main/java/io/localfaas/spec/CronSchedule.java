package io.localfaas.spec;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a Function Compute timer trigger fires. FC's expressions: six cron fields
 * {@code seconds minutes hours day-of-month month day-of-week}, in UTC (FC3 also takes a {@code CRON_TZ=Area/City}
 * prefix), with {@code *}, {@code ?}, lists, ranges, steps and month/day names; or {@code @every 1m} (also {@code 1h30m},
 * and, locally, seconds: {@code @every 2s}). When day-of-month and day-of-week are both restricted, either matching is
 * enough (as in cron). {@code L}, {@code W} and {@code #} are refused. Pure: {@link #next} takes the time as a parameter.
 */
public final class CronSchedule {
    private static final Pattern EVERY = Pattern.compile("@every\\s+((?:\\d+h)?(?:\\d+m)?(?:\\d+s)?)");
    private static final Pattern TZ = Pattern.compile("CRON_TZ=(\\S+)\\s+(.*)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Bound of {@link #next}'s search: an expression that matches no time in this many steps never fires. */
    private static final int MAX_STEPS = 200_000;
    public static final String RULE = "must be six cron fields (seconds minutes hours day-of-month month day-of-week, UTC), "
            + "for example '0 0/5 * * * *', or '@every 1m'";

    private final String expression;
    private final Duration every;
    private final ZoneId zone;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean anyDay;
    private final boolean anyWeekday;

    private CronSchedule(String expression, Duration every, ZoneId zone, BitSet[] fields, boolean anyDay, boolean anyWeekday) {
        this.expression = expression;
        this.every = every;
        this.zone = zone;
        this.seconds = fields == null ? null : fields[0];
        this.minutes = fields == null ? null : fields[1];
        this.hours = fields == null ? null : fields[2];
        this.days = fields == null ? null : fields[3];
        this.months = fields == null ? null : fields[4];
        this.weekdays = fields == null ? null : fields[5];
        this.anyDay = anyDay;
        this.anyWeekday = anyWeekday;
    }

    /** Parses an expression; a {@link SpecViolation} names what is wrong. */
    public static CronSchedule parse(String text) {
        String expr = text.trim();
        Matcher every = EVERY.matcher(expr);
        if (every.matches()) {
            Duration d = everyDuration(every.group(1));
            if (d.isZero()) {
                throw new SpecViolation("", text, "@every needs a positive interval, for example @every 1m");
            }
            return new CronSchedule(expr, d, ZoneOffset.UTC, null, false, false);
        }
        ZoneId zone = ZoneOffset.UTC;
        String fieldsText = expr;
        Matcher tz = TZ.matcher(expr);
        if (tz.matches()) {
            try {
                zone = ZoneId.of(tz.group(1));
            } catch (DateTimeException e) {
                throw new SpecViolation("", text, "unknown time zone " + tz.group(1) + " (write CRON_TZ=Asia/Shanghai, for example)");
            }
            fieldsText = tz.group(2).trim();
        }
        String[] f = fieldsText.split("\\s+");
        if (f.length != 6) {
            throw new SpecViolation("", text, RULE);
        }
        BitSet[] fields = {
            field(f[0], 0, 59, List.of(), text, "seconds"),
            field(f[1], 0, 59, List.of(), text, "minutes"),
            field(f[2], 0, 23, List.of(), text, "hours"),
            field(f[3], 1, 31, List.of(), text, "day-of-month"),
            field(f[4], 1, 12, MONTHS, text, "month"),
            field(f[5], 0, 7, DAYS, text, "day-of-week"),
        };
        if (fields[5].get(7)) {
            fields[5].set(0);
            fields[5].clear(7);
        }
        return new CronSchedule(expr, null, zone, fields, isAny(f[3]), isAny(f[5]));
    }

    private static boolean isAny(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static Duration everyDuration(String text) {
        Duration d = Duration.ZERO;
        Matcher m = Pattern.compile("(\\d+)([hms])").matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        return d;
    }

    private static BitSet field(String text, int min, int max, List<String> names, String whole, String what) {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, List.of(), whole, what);
                if (step < 1) {
                    throw new SpecViolation("", whole, what + ": the step must be at least 1");
                }
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                if (range.equals("?") && !(what.equals("day-of-month") || what.equals("day-of-week"))) {
                    throw new SpecViolation("", whole, what + ": ? is for day-of-month or day-of-week only");
                }
                from = min;
                to = what.equals("day-of-week") ? 6 : max;
            } else if (range.contains("-")) {
                String[] ab = range.split("-", 2);
                from = number(ab[0], min, max, names, whole, what);
                to = number(ab[1], min, max, names, whole, what);
                if (to < from) {
                    throw new SpecViolation("", whole, what + ": range " + range + " runs backwards");
                }
            } else {
                from = number(range, min, max, names, whole, what);
                to = slash >= 0 ? (what.equals("day-of-week") ? 6 : max) : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String token, int min, int max, List<String> names, String whole, String what) {
        int named = names.indexOf(token.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + (names == MONTHS ? 1 : 0);
        }
        try {
            int v = Integer.parseInt(token);
            if (v < min || v > max) {
                throw new SpecViolation("", whole, what + ": " + v + " is outside " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SpecViolation("", whole, what + ": '" + token + "' is not supported (numbers, names, *, ?, -, / and , are; L, W and # are not)");
        }
    }

    /** The first firing time strictly after {@code after}; null when the expression matches no time (31 FEB). */
    public Instant next(Instant after) {
        if (every != null) {
            return after.plus(every);
        }
        ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        for (int i = 0; i < MAX_STEPS; i++) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                return t.toInstant();
            }
        }
        return null;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = days.get(t.getDayOfMonth());
        boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (anyDay && anyWeekday) {
            return true;
        }
        if (anyDay) {
            return dow;
        }
        if (anyWeekday) {
            return dom;
        }
        return dom || dow;
    }

    public String expression() {
        return expression;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule c && c.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
