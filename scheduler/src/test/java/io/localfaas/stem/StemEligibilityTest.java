package io.localfaas.stem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.localfaas.backend.CustomContainer;
import io.localfaas.backend.InstanceLaunch;
import io.localfaas.backend.Mount;
import io.localfaas.spec.CodeMode;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.MountSpec;
import io.localfaas.spec.Runtime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StemEligibilityTest {
    private static final String NODE = "localfaas/runtime-nodejs18:t";

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "plain            | ",
            "other image      | no stem cells of my/app:1",
            "custom container | a custom container",
            "no code          | no code folder",
            "mounts           | mounts",
            "inspector        | a debugger's start",
            "jdwp             | a debugger's start",
    })
    void aLaunchMayUseAStemCellOnlyAsAPlainRuntimeStart(String kase, String reason) {
        Optional<Path> code = Optional.of(Path.of("/code/fn"));
        Map<String, String> env = switch (kase.trim()) {
            case "inspector" -> Map.of("NODE_OPTIONS", "--inspect=0.0.0.0:9229");
            case "jdwp" -> Map.of("JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket");
            default -> Map.of();
        };
        InstanceLaunch launch = new InstanceLaunch("i1", "fn", kase.trim().equals("other image") ? "my/app:1" : NODE,
                kase.trim().equals("no code") ? Optional.empty() : code, 20001, 128, env, Map.of(),
                kase.trim().equals("custom container") ? Optional.of(new CustomContainer(9000, List.of(), List.of())) : Optional.empty(),
                kase.trim().equals("mounts") ? List.of(new Mount(Path.of("/data"), "/mnt/data", false)) : List.of());
        assertEquals(Optional.ofNullable(reason), StemEligibility.offReason(launch, Set.of(NODE)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "nodejs18 mounted      | ",
            "python3               | ",
            "java17                | ",
            "stemCells false       | stemCells: false in its configuration (every instance boots)",
            "custom                | the function's own server is the instance's process (custom runtime, custom container)",
            "codeMode image        | its code is baked into an image of its own",
            "layers                | it mounts folders (layers, NAS), which a running container cannot gain",
    })
    void aFunctionMayUseStemCellsOnlyOnASpecialisableRuntimeWithItsCodeMounted(String kase, String reason) {
        Runtime runtime = switch (kase.trim()) {
            case "python3" -> Runtime.PYTHON3;
            case "java17" -> Runtime.JAVA17;
            case "custom" -> Runtime.CUSTOM;
            default -> Runtime.NODEJS18;
        };
        FunctionSpec fn = new FunctionSpec("svc", "fn", runtime, Optional.of(Path.of("/code/fn")),
                kase.trim().equals("codeMode image") ? CodeMode.IMAGE : CodeMode.MOUNT, Optional.empty(), "index.handler", Optional.empty(),
                Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1, Duration.ofMinutes(5), Map.of(), List.of(), 9000,
                List.of(), List.of(), kase.trim().equals("layers") ? List.of(new MountSpec(Path.of("/layers/x"), "/opt", true)) : List.of())
                .withStemCells(!kase.trim().equals("stemCells false"));
        assertEquals(Optional.ofNullable(reason), StemEligibility.offReason(fn));
    }

    /** Why a cold start boots rather than specialises: the function's reason first, then its launch's. */
    @ParameterizedTest(name = "{0}, {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "true  | plain     | ",
            "true  | inspector | a debugger's start",
            "false | plain     | stemCells: false in its configuration (every instance boots)",
            "false | inspector | stemCells: false in its configuration (every instance boots)",
    })
    void aColdStartSpecialisesOnlyWhenBothTheFunctionAndItsLaunchMay(boolean stemCells, String launchKind, String reason) {
        FunctionSpec fn = new FunctionSpec("svc", "fn", Runtime.NODEJS18, Optional.of(Path.of("/code/fn")), CodeMode.MOUNT, Optional.empty(),
                "index.handler", Optional.empty(), Optional.empty(), Duration.ofSeconds(3), Duration.ofSeconds(3), 128, 1, 0, 1,
                Duration.ofMinutes(5), Map.of(), List.of()).withStemCells(stemCells);
        InstanceLaunch launch = new InstanceLaunch("i1", "fn", NODE, Optional.of(Path.of("/code/fn")), 20001, 128,
                launchKind.equals("inspector") ? Map.of("NODE_OPTIONS", "--inspect") : Map.of(), Map.of());
        assertEquals(Optional.ofNullable(reason), StemEligibility.offReason(fn, launch, Set.of(NODE)));
    }
}
