package io.localfaas.loadtest.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {
    @TempDir
    Path dir;

    private Trace read(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return TraceReader.read(f, TraceReader.Spread.EVEN, 1);
    }

    private static long[] offsetsMs(Trace t) {
        long[] out = new long[t.size()];
        for (int k = 0; k < t.size(); k++) {
            out[k] = t.offsetNanos(k) / 1_000_000;
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            epoch seconds, out of order  | time,function\\n1700000002.5,b\\n1700000000,a\\n1700000001,a  | 0 1000 2500 | a a b
            epoch milliseconds           | timestamp,functionName\\n1700000000100,a\\n1700000000350,b      | 0 250       | a b
            ISO-8601 with and without Z  | time,function\\n2024-05-01T10:00:01Z,a\\n2024-05-01 10:00:00.5,b | 0 500      | b a
            seconds from the start       | __time__,function,durationMs\\n0.25,a,12\\n3,b,40            | 0 2750      | a b
            a path instead of a function | time,path\\n0,/hello\\n1,/todo                                  | 0 1000      | /hello /todo
            quoted fields                | "time","function","body"\\n0,a,"{""x"":1, ""y"":2}"\\n1,a,     | 0 1000      | a a
            """)
    void readsPerRequestCsv(String what, String text, String offsets, String functions) throws IOException {
        Trace t = read("t.csv", text.replace("\\n", "\n"));
        assertArrayEquals(java.util.Arrays.stream(offsets.split(" ")).mapToLong(Long::parseLong).toArray(), offsetsMs(t));
        List<String> fns = java.util.stream.IntStream.range(0, t.size()).mapToObj(k -> t.functions().get(t.function(k))).toList();
        assertEquals(List.of(functions.split(" ")), fns);
    }

    @Test
    void keepsDurationsAndBodies() throws IOException {
        Trace t = read("t.csv", "time,function,duration,body\n0,a,12.5,\"{\"\"x\"\":1}\"\n1,a,,\n");
        assertEquals(Optional.of(12.5), t.durationMs(0));
        assertEquals(Optional.empty(), t.durationMs(1));
        assertEquals("{\"x\":1}", t.body(0));
    }

    @Test
    void readsJsonArraysAndJsonLines() throws IOException {
        Trace a = read("a.json", "[{\"time\": 1700000000, \"function\": \"a\", \"body\": {\"k\": 1}},\n {\"time\": 1700000002, \"path\": \"/x\"}]");
        assertArrayEquals(new long[] {0, 2000}, offsetsMs(a));
        assertEquals(List.of("a", "/x"), a.functions());
        assertEquals("{\"k\":1}", a.body(0));
        Trace l = read("l.jsonl", "{\"timestamp\": \"2024-05-01T10:00:00Z\", \"functionName\": \"f\", \"durationMs\": 7}\n"
                + "{\"timestamp\": \"2024-05-01T10:00:00.100Z\", \"functionName\": \"f\"}\n");
        assertArrayEquals(new long[] {0, 100}, offsetsMs(l));
        assertEquals(Optional.of(7.0), l.durationMs(0));
    }

    @Test
    void readsTheAzureShapeSpreadingEachMinute() throws IOException {
        String text = "HashOwner,HashApp,HashFunction,Trigger,1,2,3\no,a,f1,http,2,0,1\no,a,f2,timer,0,1,0\no,a,f3,timer,0,0,0\n";
        Trace even = read("azure.csv", text);
        assertEquals(Map.of("f1", 3L, "f2", 1L, "f3", 0L), even.counts());
        assertArrayEquals(new long[] {15_000, 45_000, 90_000, 150_000}, offsetsMs(even));
        Path f = dir.resolve("azure.csv");
        Trace r1 = TraceReader.read(f, TraceReader.Spread.RANDOM, 7);
        Trace r2 = TraceReader.read(f, TraceReader.Spread.RANDOM, 7);
        Trace r3 = TraceReader.read(f, TraceReader.Spread.RANDOM, 8);
        assertArrayEquals(offsetsMs(r1), offsetsMs(r2), "the same seed spreads the same way");
        assertTrue(!java.util.Arrays.equals(offsetsMs(r1), offsetsMs(r3)), "another seed spreads another way");
        long[] o = offsetsMs(r1);
        assertTrue(o[0] < 60_000 && o[1] < 60_000 && o[2] >= 60_000 && o[2] < 120_000 && o[3] >= 120_000, java.util.Arrays.toString(o));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            time,function\\n0,a\\nsoon,b           | t.csv:3: time 'soon' is not epoch seconds or ms, ISO-8601, or seconds from the start
            when,function\\n0,a                    | t.csv:1: the header must name a time column
            time,function\\n0,"a                   | t.csv:2: a quoted field is not closed
            time,function,duration\\n0,a,fast      | t.csv:2: duration 'fast' is not a number of milliseconds
            time,path\\n0,hello                    | t.csv:2: no function, and the path 'hello' does not start with /
            time,function\\n                       | t.csv: the trace has no request
            HashOwner,HashApp,HashFunction,Trigger,1,2\\no,a,f,http,1,x | t.csv:2: minute 2 has 'x', not a count
            HashOwner,HashApp,HashFunction,Trigger,1,2\\no,a,f,http,1   | t.csv:2: 5 fields, the header has 6
            """)
    void badInputNamesFileAndLine(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("t.csv", text.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(dir.resolve(message.substring(0, message.indexOf(':'))) + message.substring(message.indexOf(':'))),
                e.getMessage());
    }

    @Test
    void badJsonNamesFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("t.json", "[{\"time\": 0, \"function\": \"a\"},\n{\"time\": 1}]"));
        assertTrue(e.getMessage().startsWith(dir.resolve("t.json") + ":2: a request needs a time"), e.getMessage());
    }
}
