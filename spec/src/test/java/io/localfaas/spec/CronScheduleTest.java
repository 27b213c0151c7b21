package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FC's timer expressions: the next firing time after a given instant (UTC), and what is refused. */
class CronScheduleTest {
    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource(delimiter = '|', textBlock = """
            @every 1m           | 2026-01-01T00:00:00Z | 2026-01-01T00:01:00Z
            @every 2s           | 2026-01-01T00:00:00.5Z | 2026-01-01T00:00:02.5Z
            @every 1h30m        | 2026-01-01T00:00:00Z | 2026-01-01T01:30:00Z
            0 * * * * *         | 2026-01-01T00:00:00Z | 2026-01-01T00:01:00Z
            * * * * * *         | 2026-01-01T00:00:00.7Z | 2026-01-01T00:00:01Z
            0 0/5 * * * *       | 2026-01-01T00:07:13Z | 2026-01-01T00:10:00Z
            0 0 8 * * *         | 2026-01-01T08:00:00Z | 2026-01-02T08:00:00Z
            0 0 8 * * ?         | 2026-01-01T07:59:59Z | 2026-01-01T08:00:00Z
            0 30 9 1 * ?        | 2026-01-15T00:00:00Z | 2026-02-01T09:30:00Z
            0 0 0 ? * MON       | 2026-01-01T00:00:00Z | 2026-01-05T00:00:00Z
            0 0 0 ? * 1-5       | 2026-01-02T12:00:00Z | 2026-01-05T00:00:00Z
            0 0 0 ? * SUN       | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z
            0 0 0 ? * 7         | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z
            0 0 12 29 FEB ?     | 2026-01-01T00:00:00Z | 2028-02-29T12:00:00Z
            0 15,45 * * * *     | 2026-01-01T00:20:00Z | 2026-01-01T00:45:00Z
            0 0 0 1 JAN-MAR ?   | 2026-03-02T00:00:00Z | 2027-01-01T00:00:00Z
            CRON_TZ=Asia/Shanghai 0 0 8 * * * | 2026-01-01T00:00:00Z | 2026-01-02T00:00:00Z
            """)
    void next(String expression, String after, String expected) {
        assertEquals(Instant.parse(expected), CronSchedule.parse(expression).next(Instant.parse(after)));
    }

    @Test
    void anExpressionThatNeverMatchesHasNoNextTime() {
        assertNull(CronSchedule.parse("0 0 0 31 FEB ?").next(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0 * * * *           | must be six cron fields (seconds minutes hours day-of-month month day-of-week, UTC), for example '0 0/5 * * * *', or '@every 1m'
            60 * * * * *        | seconds: 60 is outside 0-59
            0 0 25 * * *        | hours: 25 is outside 0-23
            0 0 0 L * ?         | day-of-month: 'L' is not supported (numbers, names, *, ?, -, / and , are; L, W and # are not)
            0 0 0 ? * MON#2     | day-of-week: 'MON#2' is not supported (numbers, names, *, ?, -, / and , are; L, W and # are not)
            0 0 5-1 * * *       | hours: range 5-1 runs backwards
            ? * * * * *         | seconds: ? is for day-of-month or day-of-week only
            @every 0m           | @every needs a positive interval, for example @every 1m
            CRON_TZ=Mars/Base 0 0 8 * * * | unknown time zone Mars/Base (write CRON_TZ=Asia/Shanghai, for example)
            """)
    void refused(String expression, String rule) {
        assertEquals(rule, assertThrows(SpecViolation.class, () -> CronSchedule.parse(expression)).rule());
    }
}
