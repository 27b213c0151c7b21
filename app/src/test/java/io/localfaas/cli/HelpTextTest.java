package io.localfaas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders as written: picocli formats option descriptions with {@code String.format},
 * so an unescaped {@code %} (as in {@code errors<1%}) makes it print a warning to standard error on every help and
 * show the raw text.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutAFormatWarning() {
        List<String> commands = new ArrayList<>();
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream err = System.err;
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            render(new CommandLine(new Main()), commands);
        } finally {
            System.setErr(err);
        }
        assertTrue(commands.size() > 10, "every subcommand rendered: " + commands);
        assertEquals("", warnings.toString(StandardCharsets.UTF_8), "picocli's warnings while rendering " + commands);
    }

    private static void render(CommandLine command, List<String> rendered) {
        command.getUsageMessage();
        rendered.add(command.getCommandName());
        command.getSubcommands().values().forEach(c -> render(c, rendered));
    }
}
