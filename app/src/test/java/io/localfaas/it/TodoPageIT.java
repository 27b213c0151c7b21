package io.localfaas.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.localfaas.testing.HeadlessChrome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The todo page in a real headless Chromium, served by the todo app on the real engine: log in, add a todo, complete
 * it; the page shows the list and, for every call, the instance that served it and whether it was a cold start. A
 * screenshot is kept at {@code app/target/todo-page.png}.
 */
class TodoPageIT {
    static final Path SCREENSHOT = Path.of("target", "todo-page.png");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void logInAddAndCompleteATodoAndSeeColdStartsHappen() throws Exception {
        try (TodoApp app = new TodoApp(dir.resolve("data")); HeadlessChrome chrome = HeadlessChrome.start()) {
            WebDriver page = chrome.driver();
            chrome.open(app.base + "/");
            await().atMost(WAIT).until(() -> page.findElement(By.id("login")).isDisplayed());

            page.findElement(By.id("username")).clear();
            page.findElement(By.id("username")).sendKeys("demo");
            page.findElement(By.id("password")).sendKeys("demo-password");
            page.findElement(By.id("login-button")).click();
            await().atMost(WAIT).until(() -> page.findElement(By.id("todos")).isDisplayed());
            assertEquals("demo", page.findElement(By.id("user")).getText());
            // The page's first list call has come back (it re-renders the list): from here the list changes only on clicks.
            await().atMost(WAIT).until(() -> calls(page).stream().anyMatch(c -> c.get(0).equals("GET /api/todos")));

            page.findElement(By.id("new-title")).sendKeys("water the plants");
            page.findElement(By.id("add-button")).click();
            await().atMost(WAIT).ignoreException(StaleElementReferenceException.class).until(() -> item(page, "water the plants").isPresent());
            WebElement li = item(page, "water the plants").orElseThrow();
            assertEquals("", li.getAttribute("class"), "a new todo is open");

            li.findElement(By.className("complete")).click();
            await().atMost(WAIT).ignoreException(StaleElementReferenceException.class)
                    .until(() -> item(page, "water the plants").map(e -> e.getAttribute("class")).orElse("").equals("done"));

            // The Calls table: one row per call with the serving instance and the cold/warm marker from the gateway.
            List<List<String>> calls = calls(page);
            List<String> login = row(calls, "POST /api/login");
            assertEquals("200", login.get(1));
            assertTrue(login.get(2).startsWith("user-"), "the user function served the login: " + login);
            assertEquals("cold", login.get(3), "the first login paid the user function's cold start: " + calls);
            List<String> complete = calls.stream().filter(c -> c.get(0).startsWith("PUT /api/todos/")).findFirst().orElseThrow();
            assertTrue(complete.get(2).startsWith("rule-"), complete.toString());
            assertEquals("warm", complete.get(3), "completing reused the warm rule instance: " + calls);
            assertEquals(List.of(), chrome.offMachineRequests(), "the page loads with no network beyond this machine");
            chrome.screenshot(SCREENSHOT);

            String token = app.login("demo");
            var todos = app.call("GET", "/api/todos", token, null).json().get("todos");
            assertEquals(1, todos.size());
            assertEquals("water the plants", todos.get(0).get("title").asText());
            assertTrue(todos.get(0).get("done").asBoolean(), "the page's completion reached the store");
        }
    }

    private static List<List<String>> calls(WebDriver page) {
        return page.findElements(By.cssSelector("#calls tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    private static Optional<WebElement> item(WebDriver page, String title) {
        return page.findElements(By.cssSelector("#todo-list li")).stream()
                .filter(li -> li.findElement(By.className("title")).getText().equals(title)).findFirst();
    }

    private static List<String> row(List<List<String>> calls, String call) {
        return calls.stream().filter(c -> c.get(0).equals(call)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + call + " in " + calls));
    }
}
