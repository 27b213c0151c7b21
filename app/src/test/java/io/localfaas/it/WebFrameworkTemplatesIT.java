package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Small copies, written here, of the official templates' shapes run through their own s.yaml on the real engine: the FC 3
 * web-framework templates (express and Flask as custom-runtime web functions, Spring Boot's shape: a {@code ./bootstrap}
 * running a jar, reached through an fc3-domain {@code /*} route and the function URL) and FC 2's Node.js HTTP-function
 * template (raw-body without a package.json). The templates themselves are run unchanged by hand (bench/RESULTS.md, "Official
 * templates").
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WebFrameworkTemplatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RESOURCES = Path.of("src", "test", "resources");

    private static HttpResponse<String> send(RunningPlatform p, String method, String path, String body) throws Exception {
        return p.http.send(HttpRequest.newBuilder(URI.create(p.gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "text/plain")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theExpressWebFrameworkShapeAnswersThroughItsOwnSYaml() throws Exception {
        Path project = NpmInstall.copy(RESOURCES.resolve("web-framework/express"), Files.createTempDirectory("localfaas-wf").resolve("express"));
        NpmInstall.install(project.resolve("code"), project.resolve("npm.log")); // the template's pre-deploy action, run here
        try (RunningPlatform p = new RunningPlatform(project.resolve("s.yaml"))) {
            HttpResponse<String> get = send(p, "GET", "/web-app/express-web/users/7?name=fc", null);
            assertEquals(200, get.statusCode(), get.body());
            JsonNode j = JSON.readTree(get.body());
            assertEquals("express", j.get("framework").asText());
            assertEquals("/web-app/express-web/users/7?name=fc", j.get("path").asText());
            assertEquals("fc", j.get("query").get("name").asText());
            assertEquals(get.headers().firstValue("x-fc-request-id").orElseThrow(), j.get("requestId").asText());
            HttpResponse<String> post = send(p, "POST", "/2016-08-15/proxy/web-app/express-web/notes", "hello");
            assertEquals(200, post.statusCode(), post.body());
            assertEquals("hello", JSON.readTree(post.body()).get("body").asText());
        }
    }

    @Test
    void theFlaskWebFrameworkShapeAnswersThroughItsOwnSYaml() throws Exception {
        Path project = NpmInstall.copy(RESOURCES.resolve("web-framework/flask"), Files.createTempDirectory("localfaas-wf").resolve("flask"));
        try (RunningPlatform p = new RunningPlatform(project.resolve("s.yaml"))) {
            HttpResponse<String> get = send(p, "GET", "/web-app/flask-web/users/7?name=fc", null);
            assertEquals(200, get.statusCode(), get.body());
            JsonNode j = JSON.readTree(get.body());
            assertEquals("flask", j.get("framework").asText());
            assertEquals("web-app/flask-web/users/7", j.get("path").asText());
            assertEquals("name=fc", j.get("query").asText());
            HttpResponse<String> put = send(p, "PUT", "/web-app/flask-web/notes", "grüße");
            assertEquals(200, put.statusCode(), put.body());
            assertEquals("grüße", JSON.readTree(put.body()).get("body").asText());
        }
    }

    @Test
    void theSpringBootShapeServesItsRootThroughTheDomainRouteAndTheFunctionUrl() throws Exception {
        Path project = NpmInstall.copy(RESOURCES.resolve("web-framework/springboot"), Files.createTempDirectory("localfaas-wf").resolve("springboot"));
        JavaJar.build(project.resolve("code/src/main/java"), project.resolve("code/target/webframework.jar"), "example.web.WebFramework"); // the template's pre-deploy `mvn package`, done here
        try (RunningPlatform p = new RunningPlatform(project.resolve("s.yaml"))) {
            int port = p.gateway.port();
            RawHttp.Answer root = RawHttp.send(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n", new byte[0]);
            assertEquals(200, root.status(), root.head() + root.body());
            assertTrue(root.body().contains("<title>springboot-shape</title>"), root.body());
            String functionUrl = "springboot-shape.localhost:" + port;
            RawHttp.Answer viaUrl = RawHttp.send(port, "GET / HTTP/1.1\r\nHost: " + functionUrl + "\r\nConnection: close\r\n", new byte[0]);
            assertEquals(200, viaUrl.status(), viaUrl.head() + viaUrl.body());
            RawHttp.Answer other = RawHttp.send(port, "GET /users/7 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n", new byte[0]);
            assertEquals(404, other.status(), "the route passes every path to the app, which maps only /: " + other.body());
            assertEquals("/users/7", JSON.readTree(other.body()).get("path").asText());
        }
    }

    @Test
    void theFc2NodeHttpTemplateShapeRequiringRawBodyAnswers200() throws Exception {
        try (RunningPlatform p = new RunningPlatform(RESOURCES.resolve("builtin-modules/fc2-http-project/s.yaml"))) {
            HttpResponse<String> r = send(p, "GET", "/2016-08-15/proxy/fc2-http/http-hello/hello?a=b", null);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("/hello", JSON.readTree(r.body()).get("path").asText());
            assertEquals("b", r.headers().firstValue("a").orElseThrow());
        }
    }
}
