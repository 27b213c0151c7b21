package io.localfaas.runtime.java17;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a function's classes come from, and the class loader that loads them.
 *
 * <p>Layouts of {@code FC_FUNC_CODE_PATH}: a jar file; or a folder, whose root is a classes folder and whose
 * {@code *.jar} and {@code lib/*.jar} are on the class path too (a folder of jars, or classes plus libs, or an unzipped
 * jar). Jars are taken in name order.
 *
 * <p>The loader's parent sees the JDK's platform classes plus the fc-java-core and {@code javax.servlet} types of the
 * runtime, so the function's {@code Context}, {@code HttpServletRequest}, … are the runtime's, even when the function's
 * jar bundles its own copy of fc-java-core; nothing else of the runtime (Jackson included) is visible to it.
 */
final class FunctionCode {
    private static final List<String> SHARED_PREFIXES = List.of("com.aliyun.fc.runtime.", "javax.servlet.");

    private FunctionCode() {
    }

    /** The class path of the code at {@code path}, in the order classes are looked up. */
    static List<Path> classPath(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IOException("code path " + path + " does not exist");
        }
        List<Path> entries = new ArrayList<>();
        entries.add(path);
        entries.addAll(jarsIn(path));
        entries.addAll(jarsIn(path.resolve("lib")));
        return entries;
    }

    private static List<Path> jarsIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
        }
    }

    /**
     * The jars of the function's layers, after its own code (FC: {@code /opt/java/lib}); {@code LOCALFAAS_LAYERS_DIR} replaces
     * {@code /opt} where the layers are elsewhere (the process backend).
     */
    static List<Path> layerJars(String layersDir) throws IOException {
        return jarsIn(Path.of(layersDir == null || layersDir.isBlank() ? "/opt" : layersDir, "java", "lib"));
    }

    static URLClassLoader loaderFor(Path path) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Path entry : classPath(path)) {
            urls.add(toUrl(entry));
        }
        for (Path entry : layerJars(System.getenv("LOCALFAAS_LAYERS_DIR"))) {
            urls.add(toUrl(entry));
        }
        return new URLClassLoader("function", urls.toArray(URL[]::new), new SharedApi(FunctionCode.class.getClassLoader()));
    }

    private static URL toUrl(Path entry) throws MalformedURLException {
        return entry.toAbsolutePath().toUri().toURL();
    }

    /** Platform classes, plus the fc-java-core / servlet API types from the runtime's own loader. */
    static final class SharedApi extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final ClassLoader runtime;

        SharedApi(ClassLoader runtime) {
            super("fc-java-core", ClassLoader.getPlatformClassLoader());
            this.runtime = runtime;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String prefix : SHARED_PREFIXES) {
                if (name.startsWith(prefix)) {
                    return runtime.loadClass(name);
                }
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            String asClass = name.replace('/', '.');
            for (String prefix : SHARED_PREFIXES) {
                if (asClass.startsWith(prefix)) {
                    return runtime.getResource(name);
                }
            }
            return super.getResource(name);
        }
    }
}
