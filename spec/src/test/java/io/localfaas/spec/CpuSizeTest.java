package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FC's CPU sizes: derived from memorySize when not written, FC's rules for a written cpu. */
class CpuSizeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} MB -> {1} vCPU")
    @CsvSource({
            "128, 1", // at least one core (FC's local emulator)
            "1536, 1",
            "2048, 1.333",
            "3072, 2", // 2 vCPU per 3 GB: elastic instances
            "4096, 2", // 1 vCPU per 2 GB above: performance instances
            "32768, 16"})
    void derivedFromMemory(int memoryMb, double cores) {
        assertEquals(cores, CpuSize.derived(memoryMb), 0.001);
    }

    @ParameterizedTest(name = "cpu {0} with {1} MB: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0.05 | 128   | ok
            0.1  | 128   | ok
            0.35 | 512   | ok
            16   | 32768 | ok
            2    | 8192  | ok
            0.04 | 128   | must be 0.05-16 vCPU
            17   | 32768 | must be 0.05-16 vCPU
            0.33 | 512   | must be a multiple of 0.05 vCPU
            0.25 | 128   | memorySize 128 MB is 0.125 GB; Function Compute needs memory (GB) between 1 and 4 times the vCPU, so 0.25 vCPU needs 256-1024 MB (or another cpu: 0.05-0.1)
            0.1  | 1024  | memorySize 1024 MB is 1 GB; Function Compute needs memory (GB) between 1 and 4 times the vCPU, so 0.1 vCPU needs 128-384 MB (or another cpu: 0.25-1)
            """)
    void writtenCpuFollowsFcsRules(double cpu, int memoryMb, String expected) {
        assertEquals(expected, CpuSize.problem(cpu, memoryMb).orElse("ok"));
    }

    @Test
    void theNativeFormatReadsCpuAndReportsItAtItsLine() throws Exception {
        String fn = "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: .\n    handler: index.handler\n    memorySize: 128\n";
        Path ok = Files.writeString(dir.resolve("ok.yaml"), fn + "    cpu: 0.1\n");
        assertEquals(0.1, SpecLoader.read(ok, Map.of()).app().function("f").orElseThrow().cpuCores(), 1e-9);
        Path none = Files.writeString(dir.resolve("none.yaml"), fn);
        assertEquals(1.0, SpecLoader.read(none, Map.of()).app().function("f").orElseThrow().cpuCores(), 1e-9);
        for (String[] bad : List.of(
                new String[] {"    cpu: 0.5\n", ":8:10: functions.f.cpu = 0.5: memorySize 128 MB"},
                new String[] {"    cpu: lots\n", ":8:10: functions.f.cpu = lots: must be a number of vCPU such as 0.35"})) {
            Path file = Files.writeString(dir.resolve("bad.yaml"), fn + bad[0]);
            List<Problem> p = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> SpecLoader.read(file, Map.of())).problems();
            assertEquals(1, p.size(), p.toString());
            org.junit.jupiter.api.Assertions.assertTrue(p.get(0).toString().startsWith(file + bad[1]), p.get(0).toString());
        }
    }
}
