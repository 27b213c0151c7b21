package io.localfaas.runtime.java17;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import com.aliyun.fc.runtime.FunctionComputeLogger.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FcLoggerTest {
    @Test
    void linesHaveFcJavasShape() {
        assertEquals("2017-07-05T05:13:35.920Z a72df088 [INFO] hello world",
                FcLogger.line(Instant.parse("2017-07-05T05:13:35.920Z"), "a72df088", Level.INFO, "hello world"));
        assertEquals("2017-07-05T05:13:35.000Z [ERROR] x", FcLogger.line(Instant.parse("2017-07-05T05:13:35Z"), null, Level.ERROR, "x"));
    }

    @ParameterizedTest
    @CsvSource({"debug, DEBUG", "WARN, WARN", "' error ', ERROR", "'', TRACE", "nonsense, TRACE"})
    void levelFromEnvironment(String text, Level expected) {
        assertEquals(expected, FcLogger.levelOf(text));
    }
}
