package io.localfaas.runtime.java17;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs the compiled {@code fixtures} functions into a jar, as a function author's build would. */
final class TestFunctions {
    private TestFunctions() {
    }

    static Path testClasses() {
        try {
            return Path.of(fixtures.Events.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code jar} holding every class of the {@code fixtures} package. */
    static Path jar(Path jar) throws IOException {
        Path root = testClasses();
        List<Path> classes;
        try (Stream<Path> files = Files.walk(root.resolve("fixtures"))) {
            classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path c : classes) {
                out.putNextEntry(new JarEntry(root.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
