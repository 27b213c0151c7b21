package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.localfaas.testing.HeadlessChrome;
import io.localfaas.testing.HttpLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The live dashboard in headless Chromium on the real Docker engine: under a short load (three requests held at once on
 * a latch, then a short CPU spin each, at instanceConcurrency 1) the page shows instances appearing with their in-flight counts, then, after its retire
 * button, none; the page's own requests stay on this machine (ECharts is inlined). The instance metrics are on
 * /metrics and in the admin snapshot too. Screenshot: {@code app/target/dashboard-page.png}.
 */
class DashboardPageIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SCREENSHOT = Path.of("target", "dashboard-page.png");

    private static List<WebElement> rows(WebDriver page) {
        return page.findElements(By.cssSelector("div.fn[data-function=busy] tr[data-instance]"));
    }

    @Test
    @Timeout(300)
    void instancesAppearWithTheirInFlightCountsThenRetire() throws Exception {
        try (ProbePlatform platform = new ProbePlatform(Path.of("src", "test", "resources", "dashboard.yaml"));
             HeadlessChrome chrome = HeadlessChrome.start()) {
            WebDriver page = chrome.driver();
            chrome.open(platform.gateway.baseUrl() + "/system/dashboard?token=" + platform.adminToken());
            await().atMost(WAIT).ignoreExceptions().until(() -> page.findElement(By.cssSelector("div.fn[data-function=busy]")).isDisplayed());
            assertEquals(0, rows(page).size(), "no instance before the first request");

            // A short, bounded load: three requests held on a latch (so all three are in flight at once, however slowly
            // their instances start on a busy machine) until the page showed them, then a short CPU spin each.
            try (HttpLatch latch = new HttpLatch(Duration.ofSeconds(120))) {
                List<CompletableFuture<HttpResponse<String>>> load = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    load.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return platform.send("GET", "/busy?spin=500&" + latch.query(), Map.of(), null);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                await().atMost(WAIT).until(() -> latch.arrived() == 3);
                await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> rows(page).stream()
                        .filter(r -> r.findElement(By.className("inflight")).getText().equals("1 / 1")).count() >= 2);
                chrome.screenshot(SCREENSHOT);
                latch.release();
                for (CompletableFuture<HttpResponse<String>> f : load) {
                    assertEquals(200, f.get().statusCode());
                }
            }

            // The instances' metrics come from the engine's stats stream, sampled once a second: awaited, not raced.
            await().atMost(WAIT).until(() -> platform.get("/metrics").body().contains("localfaas_instance_memory_bytes{function=\"busy\""));
            String admin = platform.admin("GET", "/system/functions").body();
            assertTrue(admin.contains("\"instanceMetrics\"") && admin.contains("\"policy\":\"concurrency\""), admin);

            // The requests are listed, and the retire button retires every idle instance.
            await().atMost(WAIT).until(() -> page.findElements(By.cssSelector("#requests tr")).size() >= 4);
            // The page redraws its tables as it polls: a button found just before a redraw is gone when clicked (a stale
            // element, no click made), so the click is retried on the button drawn next.
            await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> {
                page.findElement(By.cssSelector("button[data-retire=busy]")).click();
                return true;
            });
            await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> rows(page).isEmpty());
            assertEquals(List.of(), chrome.offMachineRequests(), "the page made no request off this machine");
        }
    }

    /** With no admin token and a loopback listener, the dashboard is served read-only; the rest of the admin API stays off. */
    @Test
    @Timeout(180)
    void withoutAnAdminTokenTheDashboardIsOpenOnLoopbackAndTheRestOfTheApiStaysOff() throws Exception {
        try (ProbePlatform platform = new ProbePlatform(Path.of("src", "test", "resources", "dashboard-open.yaml"))) {
            HttpResponse<String> page = platform.get("/system/dashboard");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>localfaas dashboard</title>") && !page.body().contains("/*ECHARTS*/"),
                    "the page, with ECharts inlined");
            assertEquals(404, platform.get("/system/functions").statusCode());
            assertEquals(404, platform.send("POST", "/system/functions/busy/retire", Map.of(), null).statusCode());
        }
    }
}
