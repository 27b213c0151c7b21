package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BuildActionsTest {
    private static final Path FILE = Path.of("/p/s.yaml");

    @Test
    void preLocalAndPreDeployRunStepsTopLevelAndPerResource() {
        List<BuildActions.Action> got = BuildActions.of(FILE, """
                edition: 3.0.0
                name: app
                actions:
                  pre-deploy:
                    - run: npm install --production
                      path: ./code
                  post-deploy:
                    - run: echo done
                resources:
                  fn:
                    component: fc3
                    actions:
                      pre-${regex('deploy|local')}:
                        - run: mvn package -DskipTests
                          path: ./
                        - component: fc3 build --publish-layer
                    props: {functionName: fn}
                """);
        assertEquals(3, got.size(), got.toString());
        assertEquals(new BuildActions.Action("(project)", "pre-deploy", Optional.of("npm install --production"),
                "run: npm install --production", Path.of("/p/code")), got.get(0));
        assertEquals(new BuildActions.Action("fn", "pre-${regex('deploy|local')}", Optional.of("mvn package -DskipTests"),
                "run: mvn package -DskipTests", Path.of("/p")), got.get(1));
        assertEquals(false, got.get(2).runnable());
        assertEquals("component: fc3 build --publish-layer", got.get(2).what());
    }

    @Test
    void otherFormatsAndBrokenYamlHaveNone() {
        assertEquals(List.of(), BuildActions.of(FILE, "service: s\nfunctions: {}\n"));
        assertEquals(List.of(), BuildActions.of(FILE, "[broken"));
    }

    @Test
    void theMakerOfAMissingArtifactIsTheRunnableActionWhoseFolderHoldsIt() {
        BuildActions.Action npm = new BuildActions.Action("a", "pre-local", Optional.of("npm i"), "run: npm i", Path.of("/p/web"));
        BuildActions.Action mvn = new BuildActions.Action("b", "pre-local", Optional.of("mvn package"), "run: mvn package", Path.of("/p/java"));
        assertEquals(Optional.of(mvn), BuildActions.makerOf(Path.of("/p/java/target/app.jar"), List.of(npm, mvn)));
        assertEquals(Optional.of(npm), BuildActions.makerOf(Path.of("/p/web/dist"), List.of(npm, mvn)));
        assertEquals(Optional.of(mvn), BuildActions.makerOf(Path.of("/elsewhere"), List.of(npm, mvn)));
        assertEquals(Optional.empty(), BuildActions.makerOf(Path.of("/p/x"), List.of()));
    }
}
