package io.localfaas.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/** The browser the page tests use: it runs a page's script, takes a screenshot and records what the page requested. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeadlessChromeIT {

    @Test
    void runsThePageScriptTakesAScreenshotAndRecordsRequests() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = ("<!doctype html><title>t</title><p id=out>static</p>"
                + "<script>document.getElementById('out').textContent = 'set by ' + 'script';</script>")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/", ex -> {
            ex.getResponseHeaders().add("content-type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/") ? 200 : 404, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        try (HeadlessChrome chrome = HeadlessChrome.start()) {
            chrome.open(url);
            assertEquals("set by script", chrome.driver().findElement(By.id("out")).getText());
            Path png = chrome.screenshot(Path.of("target", "screenshots", "headless-chrome-selftest.png"));
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 100 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "a PNG file");
            assertTrue(chrome.requestedUrls().contains(url), chrome.requestedUrls().toString());
            assertEquals(java.util.List.of(), chrome.offMachineRequests());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void onlyLoopbackAndInlineUrlsCountAsLocal() {
        assertTrue(HeadlessChrome.isLocal("http://127.0.0.1:8080/x"));
        assertTrue(HeadlessChrome.isLocal("http://localhost/"));
        assertTrue(HeadlessChrome.isLocal("data:image/png;base64,AA"));
        assertTrue(HeadlessChrome.isLocal("chrome://resources/js/util.js"));
        assertFalse(HeadlessChrome.isLocal("https://cdn.jsdelivr.net/npm/echarts"));
        assertFalse(HeadlessChrome.isLocal("http://127.0.0.1.example.com/"));
        assertFalse(HeadlessChrome.isLocal("http://10.0.0.1/"));
    }
}
