package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native {@code mounts:} and the template's {@code NasConfig}, read into {@link MountSpec}s. */
class MountsTest {
    @TempDir
    Path dir;

    private static final String FN = "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: code\n    handler: index.handler\n";

    @BeforeEach
    void code() throws Exception {
        Files.createDirectory(dir.resolve("code"));
    }

    private AppSpec load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, yaml);
        return SpecLoader.read(file, env).app();
    }

    private List<String> problems(String yaml) throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of()).app());
        return e.problems().stream().map(p -> p.toString().substring(file.toString().length() + 1)).toList();
    }

    @Test
    void nativeMountsResolveAgainstTheFileAndAreReadOnlyUnlessTheFileSaysReadOnlyFalse() throws Exception {
        FunctionSpec f = load(FN + "    mounts:\n      - {source: data, target: /mnt/data}\n      - {source: rw, target: /mnt/rw, readOnly: false}\n",
                Map.of()).function("f").orElseThrow();
        assertEquals(List.of(new MountSpec(dir.resolve("data").toAbsolutePath().normalize(), "/mnt/data", true),
                new MountSpec(dir.resolve("rw").toAbsolutePath().normalize(), "/mnt/rw", false)), f.mounts());
        assertEquals(false, Files.exists(dir.resolve("data")), "loading creates nothing: the launcher does");
    }

    @Test
    void mountSourcesAndCodeOutsideTheProjectOrSystemFoldersAreRefusedNamingTheRule() throws Exception {
        Path outside = Files.createDirectories(dir.getParent().resolve(dir.getFileName() + "-outside"));
        Files.createSymbolicLink(dir.resolve("link"), outside);
        List<String> p = problems(FN.replace("codeUri: code", "codeUri: " + outside) + "    mounts:\n"
                + "      - {source: /, target: /mnt/host}\n"
                + "      - {source: ../" + outside.getFileName() + ", target: /mnt/a}\n"
                + "      - {source: link/sub, target: /mnt/b}\n"
                + "      - {source: /etc/ssh, target: /mnt/c}\n");
        assertEquals(5, p.size(), p.toString());
        assertEquals(true, p.get(0).startsWith("5:14: functions.f.codeUri = " + outside + ": is outside the project ")
                && p.get(0).endsWith("[rule " + Confinement.OUTSIDE + "]"), p.get(0));
        assertEquals(true, p.get(1).startsWith("8:18: functions.f.mounts[0].source = /: is a system folder") && p.get(1).contains(Confinement.SYSTEM),
                p.get(1));
        assertEquals(true, p.get(2).contains("mounts[1].source") && p.get(2).contains(Confinement.OUTSIDE), p.get(2));
        assertEquals(true, p.get(3).contains("mounts[2].source = link/sub: (" + outside.toRealPath().resolve("sub") + ") is outside"), p.get(3));
        assertEquals(true, p.get(4).contains("mounts[3].source = /etc/ssh") && p.get(4).contains(Confinement.SYSTEM), p.get(4));
    }

    @Test
    void aFolderTheUserAllowedMayBeMountedButNeverASystemOne() throws Exception {
        Path outside = Files.createDirectories(dir.getParent().resolve(dir.getFileName() + "-allowed"));
        String yaml = FN + "    mounts:\n      - {source: " + outside + ", target: /mnt/a}\n";
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, yaml);
        assertEquals(outside.toAbsolutePath(), SpecLoader.read(file, Map.of(Confinement.ALLOW_ENV, outside.toString())).app().function("f")
                .orElseThrow().mounts().get(0).source());
        Files.writeString(file, FN + "    mounts:\n      - {source: /etc, target: /mnt/a}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of(Confinement.ALLOW_ENV, "/etc")).app());
        assertEquals(true, e.getMessage().contains(Confinement.SYSTEM), e.getMessage());
    }

    @Test
    void aSourceThatIsAFileOrABadTargetIsAProblemAtItsLine() throws Exception {
        Files.writeString(dir.resolve("afile"), "x");
        assertEquals(List.of(
                        "8:18: functions.f.mounts[0].source = afile: is not a directory (" + dir.resolve("afile").toAbsolutePath() + ")",
                        "9:29: functions.f.mounts[1].target = /code/x: must be an absolute path such as /mnt/data, without .., and not /, /code, /tmp or below them",
                        "10:29: functions.f.mounts[2].target = relative: must be an absolute path such as /mnt/data, without .., and not /, /code, /tmp or below them",
                        "11:47: functions.f.mounts[3].readOnly = maybe: must be true or false",
                        "12:9: functions.f.mounts[4].target: is required, for example /mnt/data"),
                problems(FN + "    mounts:\n"
                        + "      - {source: afile, target: /mnt/a}\n"
                        + "      - {source: d, target: /code/x}\n"
                        + "      - {source: d, target: relative}\n"
                        + "      - {source: d, target: /mnt/b, readOnly: maybe}\n"
                        + "      - {source: d}\n"));
    }

    @Test
    void twoMountsOnOneTargetAreAProblem() throws Exception {
        List<String> p = problems(FN + "    mounts:\n      - {source: a, target: /mnt/a}\n      - {source: b, target: /mnt/a/}\n");
        assertEquals(1, p.size(), p.toString());
        assertEquals(true, p.get(0).contains("functions.f.mounts") && p.get(0).contains("two mounts have the same target"), p.toString());
    }

    @Test
    void nasConfigMountsALocalDirectoryUnderTheStateDirIntoEveryFunction() throws Exception {
        String template = """
                ROSTemplateFormatVersion: '2015-09-01'
                Transform: 'Aliyun::Serverless-2018-04-03'
                Resources:
                  s:
                    Type: 'Aliyun::Serverless::Service'
                    Properties:
                      NasConfig:
                        MountPoints:
                          - ServerAddr: 'abc-123.cn-hangzhou.nas.aliyuncs.com:/todo'
                            MountDir: /mnt/todo
                    f:
                      Type: 'Aliyun::Serverless::Function'
                      Properties: {Handler: index.handler, Runtime: nodejs18, CodeUri: code}
                """;
        Path file = dir.resolve("template.yml");
        Files.writeString(file, template);
        Path state = dir.resolve("state");
        FunctionSpec f = SpecLoader.read(file, Map.of("LOCALFAAS_STATE_DIR", state.toString())).app().function("f").orElseThrow();
        assertEquals(List.of(new MountSpec(state.resolve("nas").resolve("abc-123.cn-hangzhou.nas.aliyuncs.com__todo").toAbsolutePath(),
                "/mnt/todo", false)), f.mounts());
    }

    @Test
    void anEmptyAdminTokenLeavesTheAdminApiOff() throws Exception {
        assertEquals(java.util.Optional.empty(), load("platform: {adminToken: \"${T:-}\"}\n" + FN, Map.of()).platform().adminToken());
    }
}
