package io.localfaas.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Reads and writes reports: JSON (the stable form), text (for the terminal), HTML (one self-contained file with charts). */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** ECharts, from the org.webjars.npm:echarts jar (version pinned in the parent pom); inlined into every HTML file. */
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/";

    private Reports() {
    }

    public static void writeJson(Object report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }

    public static String json(Object value) {
        try {
            return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IOException naming the file when it is not a report of this schema */
    public static Report readJson(Path file) throws IOException {
        Report r;
        try {
            r = JSON.readValue(file.toFile(), Report.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a loadtest report: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (!Report.SCHEMA.equals(r.schema())) {
            throw new IOException(file + " is not a loadtest report (schema " + r.schema() + ", expected " + Report.SCHEMA + ")");
        }
        return r;
    }

    /** The text summary of one run. */
    public static String text(Report r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s %s (%s loop, stages %s)%n", r.target().method(), r.target().url(), r.load().mode(),
                r.load().stages()));
        b.append(String.format(Locale.ROOT, "requests %d in %.1f s: %.1f req/s; errors %d (%.2f%%)%s%n", r.requests(),
                r.durationSeconds(), r.throughput(), r.errors(), 100 * r.errorRate(),
                r.transportErrors() > 0 ? ", of which " + r.transportErrors() + " without a response" : ""));
        b.append("  by status: ").append(r.byStatus()).append(r.byErrorType().isEmpty() ? "" : "; by FC error type: " + r.byErrorType())
                .append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "latency ms   %8s %8s %8s %8s %8s %8s %9s%n", "count", "p50", "p90", "p95", "p99", "p99.9",
                "max"));
        row(b, "all", r.latencyMs().all());
        row(b, "cold", r.latencyMs().cold());
        row(b, "warm", r.latencyMs().warm());
        row(b, "queue wait", r.queueWaitMs());
        b.append(String.format(Locale.ROOT, "cold starts %d%s%n", r.coldStarts().count(), r.coldStarts().byKind().isEmpty() ? ""
                : " (" + String.join(", ", r.coldStarts().byKind().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())
                + "; stem = a stem cell specialised, boot = an instance booted)"));
        r.coldStarts().phasesMs().forEach((phase, p) -> row(b, "  " + phase, p));
        b.append(String.format(Locale.ROOT, "instances seen %d%s%s%n", r.instancesSeen(),
                r.maxInstances() >= 0 ? ", at most " + r.maxInstances() + " at once (admin API)" : "",
                r.memoryMbSeconds() >= 0 ? String.format(Locale.ROOT, ", memory x time %.0f MB*s", r.memoryMbSeconds()) : ""));
        if (!r.functions().isEmpty()) {
            b.append(String.format(Locale.ROOT, "per function %8s %8s %8s %8s %8s%n", "requests", "errors", "cold", "p50", "p99"));
            new java.util.TreeMap<>(r.functions()).forEach((fn, f) -> b.append(String.format(Locale.ROOT, "  %-10s %8d %8d %8d %8.1f %8.1f%n",
                    fn, f.requests(), f.errors(), f.coldStarts(), f.latencyMs().p50(), f.latencyMs().p99())));
        }
        if (!r.thresholds().isEmpty()) {
            long failed = r.thresholds().stream().filter(v -> !v.passed()).count();
            b.append(failed == 0 ? "thresholds: all " + r.thresholds().size() + " passed" : "thresholds: " + failed + " of "
                    + r.thresholds().size() + " FAILED").append(System.lineSeparator());
            r.thresholds().forEach(v -> b.append("  ").append(v.describe()).append(System.lineSeparator()));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Report.Percentiles p) {
        b.append(String.format(Locale.ROOT, "  %-10s %8d %8.1f %8.1f %8.1f %8.1f %8.1f %9.1f%n", name, p.count(), p.p50(), p.p90(), p.p95(), p.p99(),
                p.p999(), p.max()));
    }

    /**
     * One HTML file that opens with no network: the chart library and the data are inlined. {@code kind} is "single",
     * "compare" or "tune"; {@code extra} is shown as a table (the tune decision), may be null.
     */
    public static String html(String title, String kind, List<Report> reports, Map<String, Object> extra) {
        String template = resource("io/localfaas/loadtest/report.html");
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("title", title);
        data.put("kind", kind);
        data.put("reports", reports);
        data.put("extra", extra);
        return template.replace("/*TITLE*/", escapeHtml(title))
                .replace("/*ECHARTS*/", scriptSafe(echarts()))
                .replace("/*DATA*/", scriptSafe(json(data)));
    }

    public static void writeHtml(String title, String kind, List<Report> reports, Map<String, Object> extra, Path file) throws IOException {
        Files.writeString(file, html(title, kind, reports, extra), StandardCharsets.UTF_8);
    }

    static String echarts() {
        String version = resource("io/localfaas/loadtest/echarts.version").trim();
        return resource(ECHARTS + version + "/dist/echarts.common.min.js");
    }

    private static String resource(String name) {
        try (InputStream in = Reports.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (a build problem)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text placed inside a script element must not close it. */
    static String scriptSafe(String s) {
        return s.replaceAll("(?i)</script", "<\\\\/script").replace("<!--", "<\\!--");
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
