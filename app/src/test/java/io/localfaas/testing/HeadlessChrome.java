package io.localfaas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}, installed by
 * {@code scripts/setup --test}) driven over WebDriver, for page tests. Chromium starts with the flags this
 * closed network needs (no background networking, no component updates), in a fresh profile that
 * {@link #close()} removes. Every request the page makes is recorded from Chromium's performance log, so a test can
 * assert that a page loads with no network beyond loopback.
 */
public final class HeadlessChrome implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("localfaas.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("localfaas.chromedriver", "/usr/bin/chromedriver"));
    private static final Pattern REQUEST_URL =
            Pattern.compile("\"method\":\"Network\\.requestWillBeSent\".*?\"request\":\\{.*?\"url\":\"([^\"]*)\"");

    private final Path profile;
    private final ChromeDriver driver;
    private final List<String> requests = new ArrayList<>();

    private HeadlessChrome(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    /** Starts Chromium; fails with what to install when the browser or its driver is missing. */
    public static HeadlessChrome start() {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: run scripts/setup --test (installs Debian's chromium and chromium-driver)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("localfaas-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().withTimeout(Duration.ofSeconds(30)).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChrome(profile, driver);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Writes a PNG of the viewport to {@code file} (its folder is created) and returns the file. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every URL the browser requested since it started, in order (read from Chromium's performance log). */
    public List<String> requestedUrls() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Matcher m = REQUEST_URL.matcher(entry.getMessage());
            if (m.find()) {
                requests.add(m.group(1));
            }
        }
        return List.copyOf(requests);
    }

    /** The requested URLs that would leave the machine: network schemes (http, https, ws, wss, ftp) to a host off loopback. */
    public List<String> offMachineRequests() {
        return requestedUrls().stream().filter(u -> !isLocal(u)).toList();
    }

    static boolean isLocal(String url) {
        return !url.matches("^(?i)(https?|wss?|ftp)://.*")
                || url.matches("^(?i)(https?|wss?)://(127\\.\\d+\\.\\d+\\.\\d+|localhost|\\[::1])(:\\d+)?([/?#].*)?$");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
