package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Layers: what a reference maps to (a table over a fake file system), and the mount each project format makes of them. */
class LayersTest {
    private static final Path PROJECT = Path.of("/p");
    private static final Set<Path> FILES = Set.of(Path.of("/p/deps"), Path.of("/p/deps.zip"), Path.of("/p/layers/Mine"),
            Path.of("/p/layers/Zipped.zip"), Path.of("/elsewhere/x"));
    private static final Map<String, String> ENV = Map.of("LOCALFAAS_LAYER_GIVEN_1", "/elsewhere/x", "LOCALFAAS_LAYER_GONE", "/nowhere");

    private static String describe(Layers.Mapping m) {
        if (m instanceof Layers.Folder f) {
            return "folder " + f.path();
        }
        if (m instanceof Layers.Zip z) {
            return "zip " + z.path();
        }
        if (m instanceof Layers.RuntimeLayer r) {
            return "runtime " + r.links().keySet().stream().sorted().findFirst().orElse("") + ": " + r.warning();
        }
        return "unmapped: " + ((Layers.Unmapped) m).problem();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ./deps                                                       | folder /p/deps
            deps.zip                                                     | zip /p/deps.zip
            ../nope                                                      | unmapped: no such folder or zip file (/nope)
            acs:fc:cn-hangzhou:123:layers/Mine/versions/3                | folder /p/layers/Mine
            acs:fc:cn-hangzhou:123:layers/Zipped/versions/1              | zip /p/layers/Zipped.zip
            acs:fc:cn-hangzhou:123:layers/given-1/versions/1             | folder /elsewhere/x
            acs:fc:cn-hangzhou:123:layers/gone/versions/1                | unmapped: layer gone is mapped to /nowhere (by --layer or LOCALFAAS_LAYER_GONE), which is no folder or zip file
            acs:fc:cn-hangzhou:official:layers/Nodejs20/versions/2       | runtime nodejs20/bin/node: FC's official layer Nodejs20 brings Node.js 20; localfaas maps it to the Node.js 18 of its runtime images (/opt/nodejs20/bin links to it): behaviour of Node.js 20 may differ
            acs:fc:cn-hangzhou:official:layers/Python310/versions/latest | runtime python3.10/bin/pip: FC's official layer Python310 brings Python 3.10; localfaas maps it to the Python 3.11 of its runtime images (/opt/python3.10/bin links to it): behaviour of Python 3.10 may differ
            acs:fc:cn-hangzhou:official:layers/Java17/versions/2         | runtime java17: FC's official layer Java17 brings Java 17; localfaas maps it to the Java 17 of its runtime images (/opt/java17 links to it)
            acs:fc:cn-hangzhou:official:layers/Puppeteer17x/versions/1   | unmapped: layer Puppeteer17x is not mapped to a local folder: put its content (nodejs/node_modules, python, java/lib, bin, ...) in /p/layers/Puppeteer17x, or run faas up --layer Puppeteer17x=PATH (or set LOCALFAAS_LAYER_PUPPETEER17X=PATH)
            acs:fc:cn-hangzhou:123:layers/Nodejs20/versions/1            | unmapped: layer Nodejs20 is not mapped to a local folder: put its content (nodejs/node_modules, python, java/lib, bin, ...) in /p/layers/Nodejs20, or run faas up --layer Nodejs20=PATH (or set LOCALFAAS_LAYER_NODEJS20=PATH)
            acs:oss:bucket                                               | unmapped: not a layer ARN (acs:fc:<region>:<account>:layers/<Name>/versions/<n>) nor a local path
            """)
    void aReferenceMapsToAFolderAZipARuntimeOrAProblem(String ref, String expected) {
        assertEquals(expected, describe(Layers.map(ref, PROJECT, ENV, FILES::contains, p -> p.toString().endsWith(".zip"))));
    }

    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static SpecLoader.Loaded load(Path dir, Path file) throws Exception {
        return SpecLoader.read(file, Map.of("LOCALFAAS_STATE_DIR", dir.resolve("state").toString()));
    }

    @Test
    void nativeLayersMergeAtOptTheFirstListedWinning(@TempDir Path dir) throws Exception {
        write(dir.resolve("code/index.py"), "");
        write(dir.resolve("one/python/shared.py"), "ONE = 1\n");
        write(dir.resolve("one/bin/tool"), "one");
        write(dir.resolve("two/python/shared.py"), "TWO = 2\n");
        write(dir.resolve("two/python/only_two.py"), "");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(dir.resolve("three.zip")))) {
            z.putNextEntry(new ZipEntry("nodejs/node_modules/m/index.js"));
            z.write("module.exports = 3;".getBytes());
            z.closeEntry();
        }
        Path file = write(dir.resolve("faas.yaml"), "service: s\nfunctions:\n  f:\n    runtime: python3\n    codeUri: ./code\n"
                + "    handler: index.handler\n    layers: [./one, ./two, ./three.zip]\n");
        FunctionSpec fn = load(dir, file).app().function("f").orElseThrow();
        MountSpec opt = fn.mounts().get(0);
        assertEquals("/opt", opt.target());
        assertTrue(opt.readOnly());
        assertEquals("ONE = 1\n", Files.readString(opt.source().resolve("python/shared.py")), "the first layer listed wins");
        assertTrue(Files.exists(opt.source().resolve("python/only_two.py")));
        assertEquals("module.exports = 3;", Files.readString(opt.source().resolve("nodejs/node_modules/m/index.js")));
        assertEquals(opt.source(), load(dir, file).app().function("f").orElseThrow().mounts().get(0).source(), "unchanged layers: the same merge");
    }

    @Test
    void oneLayerFolderIsMountedAsItIs(@TempDir Path dir) throws Exception {
        write(dir.resolve("code/index.js"), "");
        write(dir.resolve("deps/nodejs/node_modules/x/index.js"), "");
        Path file = write(dir.resolve("faas.yaml"), "service: s\nfunctions:\n  f: {runtime: nodejs18, codeUri: ./code, handler: index.handler, "
                + "layers: [./deps]}\n");
        assertEquals(List.of(new MountSpec(dir.resolve("deps"), "/opt", true)), load(dir, file).app().function("f").orElseThrow().mounts());
    }

    @Test
    void templateArnsMapToTheLayersFolderBesideTheProject(@TempDir Path dir) throws Exception {
        write(dir.resolve("code/index.js"), "");
        write(dir.resolve("layers/my-deps/nodejs/node_modules/x/index.js"), "");
        Path file = write(dir.resolve("template.yml"), """
                ROSTemplateFormatVersion: '2015-09-01'
                Transform: 'Aliyun::Serverless-2018-04-03'
                Resources:
                  svc:
                    Type: 'Aliyun::Serverless::Service'
                    fn:
                      Type: 'Aliyun::Serverless::Function'
                      Properties:
                        Handler: index.handler
                        Runtime: nodejs18
                        CodeUri: ./code
                        Layers:
                          - acs:fc:cn-hangzhou:1234:layers/my-deps/versions/1
                """);
        SpecLoader.Loaded loaded = load(dir, file);
        assertEquals(List.of(new MountSpec(dir.resolve("layers/my-deps"), "/opt", true)), loaded.app().function("fn").orElseThrow().mounts());
        assertEquals(List.of(), loaded.warnings(), "Layers is read, not ignored");
    }

    @Test
    void serverlessDevsOfficialRuntimeLayersWarnOnceAndOthersAreAProblemAtTheirLine(@TempDir Path dir) throws Exception {
        write(dir.resolve("code/index.py"), "");
        String head = "edition: 3.0.0\nname: app\nresources:\n  fn:\n    component: fc3\n    props:\n      region: cn-hangzhou\n"
                + "      functionName: fn\n      runtime: python3.10\n      code: ./code\n      handler: index.handler\n      layers:\n";
        Path ok = write(dir.resolve("ok/s.yaml"), head + "        - acs:fc:cn-hangzhou:official:layers/Python310/versions/1\n");
        write(dir.resolve("ok/code/index.py"), "");
        SpecLoader.Loaded loaded = load(dir, ok);
        Path opt = loaded.app().function("fn").orElseThrow().mounts().get(0).source();
        assertEquals(Path.of("/usr/bin/python3"), Files.readSymbolicLink(opt.resolve("python3.10/bin/python3")));
        assertEquals(2, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().get(1).toString().contains(":13:11: resources.fn.props.layers[0] = acs:fc:cn-hangzhou:official:layers/"
                + "Python310/versions/1: FC's official layer Python310 brings Python 3.10"), loaded.warnings().toString());

        Path bad = write(dir.resolve("bad/s.yaml"), head + "        - acs:fc:cn-hangzhou:1234:layers/private/versions/1\n");
        write(dir.resolve("bad/code/index.py"), "");
        ConfigException e = assertThrows(ConfigException.class, () -> load(dir, bad));
        assertEquals(":13:11: resources.fn.props.layers[0] = acs:fc:cn-hangzhou:1234:layers/private/versions/1: layer private is not mapped to "
                + "a local folder: put its content (nodejs/node_modules, python, java/lib, bin, ...) in " + dir.resolve("bad/layers/private")
                + ", or run faas up --layer private=PATH (or set LOCALFAAS_LAYER_PRIVATE=PATH)",
                e.problems().get(0).toString().substring(bad.toString().length()));
    }
}
