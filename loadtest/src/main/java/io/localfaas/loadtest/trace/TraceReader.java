package io.localfaas.loadtest.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a trace file in one of three shapes, told apart by its content:
 * <ul>
 * <li>per-request CSV with a header row: a time column ({@code time}, {@code timestamp}, {@code __time__} or
 * {@code startTime}), a function column ({@code function}, {@code functionName}) or a {@code path} column, and
 * optionally {@code duration}/{@code durationMs} (ms) and {@code body}; FC's request logs exported from its log
 * service have this shape;</li>
 * <li>per-request JSON: an array of objects with the same keys, or one object per line;</li>
 * <li>per-minute counts, the Azure Functions 2019 trace ({@code HashOwner,HashApp,HashFunction,Trigger,1,...,1440}):
 * one row per function, the invocations in each minute of a day. A minute's n invocations are spread within it by
 * {@link Spread}.</li>
 * </ul>
 * Times: epoch seconds or milliseconds (numbers above 10^9 and 10^12), ISO-8601 ({@code 2024-05-01T10:00:00.250Z}; without
 * a zone: UTC), or seconds from the start (smaller numbers). Errors name the file and line.
 */
public final class TraceReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TIME = List.of("time", "timestamp", "__time__", "starttime", "start_time");
    private static final List<String> FUNCTION = List.of("function", "functionname", "function_name", "func");
    private static final List<String> DURATION = List.of("duration", "durationms", "duration_ms");

    private TraceReader() {
    }

    /**
     * How a minute's n invocations of the Azure shape get their times: {@code RANDOM}, n times drawn uniformly in the
     * minute from a generator seeded with (seed, function's row, minute), sorted (arrivals in a minute of a Poisson
     * process look like that); {@code EVEN}, at (i + 0.5) / n of the minute.
     */
    public enum Spread {
        RANDOM, EVEN;

        /** The offsets in ns within the minute of its {@code n} invocations, ascending. */
        public long[] offsets(int n, long seed, int row, int minute) {
            long[] out = new long[n];
            long minuteNanos = 60_000_000_000L;
            if (this == EVEN) {
                for (int i = 0; i < n; i++) {
                    out[i] = (long) ((i + 0.5) / n * minuteNanos);
                }
                return out;
            }
            Random r = new Random(seed * 1_000_003L + row * 1_441L + minute);
            for (int i = 0; i < n; i++) {
                out[i] = (long) (r.nextDouble() * minuteNanos);
            }
            java.util.Arrays.sort(out);
            return out;
        }
    }

    /** Reads {@code file}; {@code spread} and {@code seed} apply to the per-minute shape only. */
    public static Trace read(Path file, Spread spread, long seed) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no trace file " + file);
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.mark(1 << 16);
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF');
            in.reset();
            Trace t = c == '[' || c == '{' ? json(file, in) : csv(file, in, spread, seed);
            if (t.size() == 0) {
                throw new IllegalArgumentException(file + ": the trace has no request");
            }
            return t;
        }
    }

    private static Trace csv(Path file, BufferedReader in, Spread spread, long seed) throws IOException {
        String headerLine = in.readLine();
        if (headerLine == null) {
            throw new IllegalArgumentException(file + ": empty trace file");
        }
        List<String> header = Csv.fields(headerLine.replace("\uFEFF", ""), file, 1).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        if (header.contains("hashfunction") && header.contains("1")) {
            return azure(file, in, header, spread, seed);
        }
        int time = column(header, TIME);
        int fn = column(header, FUNCTION);
        int path = header.indexOf("path");
        int dur = column(header, DURATION);
        int body = header.indexOf("body");
        if (time < 0 || (fn < 0 && path < 0)) {
            throw new IllegalArgumentException(file + ":1: the header must name a time column (" + String.join(", ", TIME)
                    + ") and a function (" + String.join(", ", FUNCTION) + ") or path column; it has " + header);
        }
        Trace.Builder b = new Trace.Builder();
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.fields(line, file, lineNo);
            if (f.size() < header.size() && (f.size() <= Math.max(time, Math.max(fn, path)))) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + f.size() + " fields, the header has " + header.size());
            }
            String where = file + ":" + lineNo;
            b.add(time(f.get(time), where), target(fn >= 0 ? f.get(fn) : null, path >= 0 ? f.get(path) : null, where),
                    dur >= 0 && dur < f.size() ? duration(f.get(dur), where) : Double.NaN, body >= 0 && body < f.size() ? f.get(body) : null);
        }
        return b.build();
    }

    private static Trace json(Path file, BufferedReader in) throws IOException {
        Trace.Builder b = new Trace.Builder();
        try (JsonParser p = JSON.getFactory().createParser(in)) {
            JsonToken first = p.nextToken();
            boolean array = first == JsonToken.START_ARRAY;
            JsonToken tok = array ? p.nextToken() : first;
            while (tok != null && tok != JsonToken.END_ARRAY) {
                long lineNo = p.currentLocation().getLineNr();
                String where = file + ":" + lineNo;
                if (tok != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException(where + ": each request must be a JSON object with time and function (or path)");
                }
                JsonNode o = JSON.readTree(p);
                Map<String, JsonNode> keys = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    keys.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
                }
                JsonNode t = first(keys, TIME);
                JsonNode f = first(keys, FUNCTION);
                JsonNode path = keys.get("path");
                if (t == null || (f == null && path == null)) {
                    throw new IllegalArgumentException(where + ": a request needs a time (" + String.join(", ", TIME) + ") and a function ("
                            + String.join(", ", FUNCTION) + ") or path");
                }
                JsonNode d = first(keys, DURATION);
                JsonNode body = keys.get("body");
                b.add(time(t.asText(), where), target(f == null ? null : f.asText(), path == null ? null : path.asText(), where),
                        d == null ? Double.NaN : duration(d.asText(), where),
                        body == null || body.isNull() ? null : body.isTextual() ? body.asText() : body.toString());
                tok = p.nextToken();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + e.getLocation().getLineNr() + ": not JSON: " + e.getOriginalMessage());
        }
        return b.build();
    }

    private static Trace azure(Path file, BufferedReader in, List<String> header, Spread spread, long seed) throws IOException {
        int fn = header.indexOf("hashfunction");
        int first = header.indexOf("1");
        int minutes = header.size() - first;
        List<String> rows = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f = Csv.fields(line, file, lineNo);
            if (f.size() != header.size()) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + f.size() + " fields, the header has " + header.size());
            }
            int[] n = new int[minutes];
            for (int m = 0; m < minutes; m++) {
                String v = f.get(first + m).trim();
                try {
                    n[m] = v.isEmpty() ? 0 : Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": minute " + (m + 1) + " has '" + v + "', not a count");
                }
                if (n[m] < 0) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": minute " + (m + 1) + " has a negative count");
                }
            }
            String name = f.get(fn).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": no HashFunction");
            }
            rows.add(name);
            counts.add(n);
        }
        return fromCounts(rows, counts, spread, seed);
    }

    /**
     * A trace from per-minute counts ({@code counts.get(r)[m]}: invocations of function {@code names.get(r)} in minute
     * m), each minute's spread by {@code spread}; time zero is the start of the first minute.
     */
    public static Trace fromCounts(List<String> names, List<int[]> counts, Spread spread, long seed) {
        Trace.Builder b = new Trace.Builder().origin(0);
        names.forEach(b::function);
        int minutes = counts.stream().mapToInt(c -> c.length).max().orElse(0);
        // Minute by minute, so that the requests come out nearly in time order (the builder sorts what is not).
        for (int m = 0; m < minutes; m++) {
            for (int r = 0; r < names.size(); r++) {
                int n = m < counts.get(r).length ? counts.get(r)[m] : 0;
                if (n > 0) {
                    for (long off : spread.offsets(n, seed, r, m)) {
                        b.add(m * 60_000_000_000L + off, names.get(r), Double.NaN, null);
                    }
                }
            }
        }
        return b.build();
    }

    private static int column(List<String> header, List<String> names) {
        for (String n : names) {
            int i = header.indexOf(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode first(Map<String, JsonNode> keys, List<String> names) {
        for (String n : names) {
            if (keys.containsKey(n)) {
                return keys.get(n);
            }
        }
        return null;
    }

    private static String target(String fn, String path, String where) {
        if (fn != null && !fn.isBlank()) {
            return fn.trim();
        }
        if (path != null && path.trim().startsWith("/")) {
            return path.trim();
        }
        throw new IllegalArgumentException(where + ": no function, and the path '" + (path == null ? "" : path) + "' does not start with /");
    }

    /** A time as nanoseconds on its own origin (epoch, or the trace's start for small numbers). */
    static long time(String text, String where) {
        String t = text.trim();
        try {
            double v = Double.parseDouble(t);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(where + ": time " + t + " is negative");
            }
            double nanos = v >= 1e12 ? v * 1e6 : v * 1e9;
            return Math.round(nanos);
        } catch (NumberFormatException e) {
            // not a number: a date-time
        }
        try {
            Instant i;
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                i = OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
            } else {
                i = LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": time '" + t + "' is not epoch seconds or ms, ISO-8601, or seconds from the start");
        }
    }

    private static double duration(String text, String where) {
        String t = text.trim();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(t.endsWith("ms") ? t.substring(0, t.length() - 2) : t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": duration '" + t + "' is not a number of milliseconds");
        }
    }
}
