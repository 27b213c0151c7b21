// Times SpecLoader.read on a small valid file in a fresh JVM: the baseline of bench/yaml-bomb/run.
import java.nio.file.*;
public class SmallTime {
    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory("small");
        Path f = Files.writeString(dir.resolve("s.yaml"), "service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: .\n    handler: index.handler\n    environment:\n      A: &a x\n      B: *a\n");
        long t0 = System.nanoTime();
        try { io.localfaas.spec.SpecLoader.read(f, java.util.Map.of()); System.out.println("loaded"); }
        catch (io.localfaas.spec.ConfigException e) { System.out.println(e.problems().get(0)); }
        System.out.printf("small file in %d ms (fresh JVM)%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
