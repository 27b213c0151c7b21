package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which file {@code faas up} / {@code faas validate} use when none is named. */
class ProjectFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                              | config/todo.yaml
            faas.yaml                                       | faas.yaml
            template.yaml faas.yaml                         | template.yaml
            template.yml template.yaml faas.yaml            | template.yml
            s.yml template.yml                              | s.yml
            s.yaml s.yml template.yml template.yaml faas.yaml | s.yaml
            other.yaml serverless.yml                       | config/todo.yaml
            """)
    void theFirstProjectFileOfTheFolderElseTheDefault(String present, String expected) throws Exception {
        for (String name : present.split(" ")) {
            if (!name.isEmpty()) {
                Files.writeString(dir.resolve(name), "x");
            }
        }
        StringWriter err = new StringWriter();
        Path chosen = ProjectFiles.choose(dir, ProjectFiles.DEFAULT, new PrintWriter(err, true));
        Path want = expected.startsWith("config/") ? ProjectFiles.DEFAULT : dir.resolve(expected);
        assertEquals(want, chosen);
        assertTrue(err.toString().startsWith("faas: using " + want + " ("), err.toString());
    }

    @Test
    void aFolderNamedLikeAProjectFileIsNotOne() throws Exception {
        Files.createDirectory(dir.resolve("s.yaml"));
        assertEquals(ProjectFiles.DEFAULT, ProjectFiles.choose(dir, ProjectFiles.DEFAULT, new PrintWriter(new StringWriter())));
    }

    @Test
    void theFaasScriptLeavesTheChoiceToTheJavaCommand() throws Exception {
        // One list of names: the script asks `faas up-plan` which file up runs instead of searching on its own.
        String script = Files.readString(Path.of("..", "faas"));
        assertTrue(script.contains(" up-plan --default-config "), "the faas script asks up-plan");
        assertTrue(!Pattern.compile("for name in").matcher(script).find(), "the faas script searches project files itself");
    }

    @Test
    void validateWithoutAFileSaysWhichItUses() {
        // The tests run in app/, which holds no project file: the installation's default app, found from any folder.
        ValidateCommandTest.Run run = ValidateCommandTest.faas("validate");
        assertEquals(List.of("faas: using " + Path.of("..", "config", "todo.yaml").toAbsolutePath().normalize() + " (no "
                + String.join(", ", ProjectFiles.NAMES) + " in the current folder: the default app)"), run.err().stream().limit(1).toList(),
                String.join("\n", run.err()));
        assertEquals(0, run.exit(), String.join("\n", run.err()));
    }
}
