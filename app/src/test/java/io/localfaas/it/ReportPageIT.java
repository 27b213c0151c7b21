package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import io.localfaas.loadtest.Outcome;
import io.localfaas.loadtest.Recorder;
import io.localfaas.loadtest.Report;
import io.localfaas.loadtest.Reports;
import io.localfaas.testing.HeadlessChrome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The HTML reports of {@code faas loadtest} (one run) and of {@code --compare} / {@code faas tune} (several) open in
 * headless Chromium from a file: every chart area is drawn (not blank in a screenshot of it) and the page makes no
 * network request.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportPageIT {
    @TempDir
    Path dir;

    /** A run of 20 s with a cold start every 5 s, instances rising then falling, and a few errors. */
    static Report report(String label, double slow) {
        Recorder rec = new Recorder();
        long ms = 1_000_000;
        for (int i = 0; i < 4000; i++) {
            long end = i * 5L * ms;
            boolean cold = i % 1000 == 0;
            long latency = (long) ((cold ? 400 : 5 + (i * 7919 % 40)) * slow * ms);
            rec.record(new Outcome(end - latency, end - latency, end, i % 500 == 7 ? 502 : 200, null, cold, "i" + (i / 1000),
                    cold ? "image=2ms;wait=0ms;create=15ms;start=180ms;listen=150ms;init=40ms;total=387ms" : null, "0ms"));
            if (i % 20 == 0) {
                rec.inflight(end, 1 + (i / 200) % 8);
            }
            if (i % 100 == 0) {
                rec.instances(end, 1 + (i / 500) % 4, 1 + (i / 500) % 4, 0, 128, 500 * ms);
            }
        }
        return rec.report(label, new Report.Target("http://127.0.0.1:8080/x", "POST", "f"),
                new Report.Load("closed", "20s:4", 100_000, 4, 5, true), "2026-11-30T07:00:00Z", 20);
    }

    @Test
    void theSingleRunReportDrawsEveryChartOffline() throws IOException {
        Path html = dir.resolve("single.html");
        Reports.writeHtml("localfaas loadtest: f", "single", List.of(report("f", 1)), null, html);
        check(html, 4, "single");
    }

    @Test
    void theComparisonReportDrawsEveryChartOffline() throws IOException {
        Path html = dir.resolve("compare.html");
        Reports.writeHtml("localfaas tune: f", "tune", List.of(report("instanceConcurrency=1", 1), report("instanceConcurrency=4", 2.5)),
                java.util.Map.of("recommended", 1, "yaml", "instanceConcurrency: 1"), html);
        check(html, 8, "compare");
    }

    private static void check(Path html, int charts, String name) throws IOException {
        try (HeadlessChrome chrome = HeadlessChrome.start()) {
            String url = html.toUri().toString();
            chrome.open(url);
            Object rendered = ((JavascriptExecutor) chrome.driver()).executeScript("return window.chartsRendered;");
            assertEquals((long) charts, rendered, "charts the page's script drew");
            List<WebElement> areas = chrome.driver().findElements(By.cssSelector(".chart"));
            assertEquals(charts, areas.size());
            List<String> blank = new ArrayList<>();
            for (int i = 0; i < areas.size(); i++) {
                WebElement area = areas.get(i);
                ((JavascriptExecutor) chrome.driver()).executeScript("arguments[0].scrollIntoView();", area);
                byte[] png = area.getScreenshotAs(OutputType.BYTES);
                java.nio.file.Files.createDirectories(Path.of("target", "screenshots"));
                java.nio.file.Files.write(Path.of("target", "screenshots", name + "-" + i + ".png"), png);
                if (!drawn(ImageIO.read(new ByteArrayInputStream(png)))) {
                    blank.add(i + ": " + chrome.driver().findElements(By.cssSelector("h2")).stream().map(WebElement::getText).toList());
                }
            }
            assertEquals(List.of(), blank, "chart areas that are blank");
            chrome.screenshot(Path.of("target", "screenshots", name + ".png"));
            // Before the page come the browser's own start page (chrome://); from the page on, nothing else is requested.
            List<String> all = chrome.requestedUrls();
            assertTrue(all.contains(url), all.toString());
            assertEquals(List.of(url), all.subList(all.indexOf(url), all.size()), "the page requested nothing but itself");
            assertEquals(List.of(), all.stream().filter(u -> u.matches("^(?i)(https?|wss?|ftp):.*")).toList(), "no network request at all");
            assertEquals(List.of(), chrome.offMachineRequests());
        }
    }

    /** Drawn: at least 2 % of the pixels are not the background, in at least 3 colours besides it. */
    static boolean drawn(BufferedImage img) {
        int bg = img.getRGB(0, 0);
        long other = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                if (c != bg) {
                    other++;
                    if (colours.size() < 100) {
                        colours.add(c);
                    }
                }
            }
        }
        return other >= 0.02 * img.getWidth() * img.getHeight() && colours.size() >= 3;
    }
}
