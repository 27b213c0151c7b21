package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An FC 3.0 s.yaml whose Java function's jar is made by its {@code pre-deploy} action ({@code mvn package}): without
 * {@code --run-actions} the missing jar's error names the action; with it, Maven builds the jar (its output shown) and
 * the function then serves.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class RunActionsIT {
    @TempDir
    Path dir;

    /** The Maven repository this build uses (read off the class path), so that the project's build resolves offline. */
    private static String localRepository() {
        String marker = File.separator + "org" + File.separator + "yaml" + File.separator + "snakeyaml" + File.separator;
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).filter(e -> e.contains(marker))
                .map(e -> e.substring(0, e.indexOf(marker))).findFirst().orElseThrow();
    }

    @Test
    void theActionBuildsTheJarThenTheFunctionServes() throws Exception {
        Path project = Files.createDirectories(dir.resolve("hello-java"));
        Path src = Files.createDirectories(project.resolve("src/main/java/example"));
        Files.writeString(src.resolve("App.java"), """
                package example;

                import java.io.IOException;
                import java.io.InputStream;
                import java.io.OutputStream;
                import com.aliyun.fc.runtime.Context;
                import com.aliyun.fc.runtime.StreamRequestHandler;

                public class App implements StreamRequestHandler {
                    @Override
                    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                        out.write(("built and serving: " + new String(in.readAllBytes())).getBytes());
                    }
                }
                """);
        String pom = Files.readString(Path.of("..", "sample-functions", "java-hello", "pom.xml"))
                .replace("<artifactId>java-hello</artifactId>", "<artifactId>hello-java</artifactId>")
                .replace("<finalName>java-hello</finalName>", "<finalName>hello-java</finalName>")
                .replaceAll("(?s)<plugin>\\s*<groupId>org.apache.maven.plugins</groupId>\\s*<artifactId>maven-jar-plugin</artifactId>.*?</plugin>",
                        "<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId>"
                                + "<version>3.4.2</version></plugin>");
        Files.writeString(project.resolve("pom.xml"), pom);
        Files.writeString(project.resolve("s.yaml"), """
                edition: 3.0.0
                name: hello-java-app
                access: default
                resources:
                  hello:
                    component: fc3
                    actions:
                      pre-deploy:
                        - run: mvn -B -q package -DskipTests
                          path: ./
                    props:
                      region: cn-hangzhou
                      functionName: hello-java
                      runtime: java11
                      code: ./target/hello-java.jar
                      handler: example.App::handleRequest
                      memorySize: 256
                      timeout: 30
                """);
        Map<String, String> env = Map.of("MAVEN_OPTS", "-Dmaven.repo.local=" + localRepository(), "HOME", dir.toString(),
                "LOCALFAAS_STATE_DIR", dir.resolve("state").toString());
        Path sYaml = project.resolve("s.yaml");
        try (ChildPlatform notBuilt = new ChildPlatform(env, "up", sYaml.toString(), "--port", "0")) {
            assertEquals(2, notBuilt.awaitExit(Duration.ofSeconds(60)));
            assertTrue(notBuilt.err().stream().anyMatch(l -> l.contains("./target/hello-java.jar is what the build action pre-deploy of hello:"
                    + " run: mvn -B -q package -DskipTests") && l.contains("faas up --run-actions")), notBuilt.err().toString());
        }
        try (ChildPlatform up = new ChildPlatform(env, "up", sYaml.toString(), "--port", "0", "--run-actions")) {
            String url = awaitListening(up);
            assertTrue(up.out().stream().anyMatch(l -> l.startsWith("faas: running pre-deploy of hello: run: mvn")), up.out().toString());
            assertTrue(Files.isRegularFile(project.resolve("target/hello-java.jar")), "the action built the jar");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                    + "/2023-03-30/functions/hello-java/invocations")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("ping")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("built and serving: ping", r.body());
        }
    }

    /** Maven may take minutes here: wait for the listening line longer than ChildPlatform's minute. */
    private static String awaitListening(ChildPlatform up) {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(500))
                .until(() -> up.out().stream().anyMatch(l -> l.startsWith("listening on ")) || !up.process.isAlive());
        return up.awaitListening();
    }
}
