package io.localfaas.runtime.java17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code layouts FC_FUNC_CODE_PATH may hold, and what the function's class loader shares with the runtime. */
class FunctionCodeTest {
    @TempDir
    Path dir;

    @Test
    void aJarIsItsOwnClassPath() throws IOException {
        Path jar = TestFunctions.jar(dir.resolve("f.jar"));
        assertEquals(List.of(jar), FunctionCode.classPath(jar));
    }

    @Test
    void aFolderIsClassesPlusItsJarsPlusLibJarsInNameOrder() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(dir.resolve("example"));
        Files.writeString(dir.resolve("b.jar"), "");
        Files.writeString(dir.resolve("a.jar"), "");
        Files.writeString(dir.resolve("lib/z.jar"), "");
        Files.writeString(dir.resolve("lib/notes.txt"), "");
        assertEquals(List.of(dir, dir.resolve("a.jar"), dir.resolve("b.jar"), dir.resolve("lib/z.jar")), FunctionCode.classPath(dir));
    }

    @Test
    void aMissingPathIsAnError() {
        assertThrows(IOException.class, () -> FunctionCode.classPath(dir.resolve("nope")));
    }

    @Test
    void classesFolderWithLibJarLoadsFromBoth() throws Exception {
        // the fixtures as a jar under lib/, and as plain classes at the root: root classes come first
        TestFunctions.jar(dir.resolve("lib/functions.jar"));
        Path root = TestFunctions.testClasses();
        try (Stream<Path> files = Files.walk(root.resolve("fixtures"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(root.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        try (URLClassLoader loader = FunctionCode.loaderFor(dir)) {
            Class<?> events = loader.loadClass("fixtures.Events");
            assertSame(loader, events.getClassLoader(), "the function's own class, not the test class path's");
            assertNotEquals(fixtures.Events.class, events);
            assertEquals(dir.toUri(), events.getProtectionDomain().getCodeSource().getLocation().toURI(), "root classes first");
        }
    }

    @Test
    void fcJavaCoreAndServletTypesAreTheRuntimesNothingElseIs() throws Exception {
        try (URLClassLoader loader = FunctionCode.loaderFor(TestFunctions.jar(dir.resolve("f.jar")))) {
            assertSame(com.aliyun.fc.runtime.Context.class, loader.loadClass("com.aliyun.fc.runtime.Context"));
            assertSame(javax.servlet.http.HttpServletRequest.class, loader.loadClass("javax.servlet.http.HttpServletRequest"));
            assertSame(String.class, loader.loadClass("java.lang.String"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(RuntimeServer.class.getName()));
        }
    }

    @Test
    void layerJarsComeFromJavaLibOfTheLayersFolder(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("java/lib"));
        Files.writeString(dir.resolve("java/lib/b.jar"), "");
        Files.writeString(dir.resolve("java/lib/a.jar"), "");
        Files.writeString(dir.resolve("java/lib/notes.txt"), "");
        assertEquals(List.of(dir.resolve("java/lib/a.jar"), dir.resolve("java/lib/b.jar")), FunctionCode.layerJars(dir.toString()));
        assertEquals(List.of(), FunctionCode.layerJars(dir.resolve("none").toString()));
    }
}
