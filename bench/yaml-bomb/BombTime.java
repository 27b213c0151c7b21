// Times SpecLoader.read on a 1 MB scalar-alias bomb in a fresh JVM (bench/yaml-bomb/run).
import java.nio.file.*;
public class BombTime {
    public static void main(String[] a) throws Exception {
        Path dir = Files.createTempDirectory("bomb");
        StringBuilder b = new StringBuilder("service: s\nfunctions:\n  f:\n    runtime: nodejs18\n    codeUri: .\n    handler: index.handler\n    environment:\n      A: &a \"" + "x".repeat(4000) + "\"\n");
        for (int i = 0; b.length() < (1 << 20) - 40; i++) b.append("      V").append(i).append(": *a\n");
        Path f = Files.writeString(dir.resolve("bomb.yaml"), b);
        long t0 = System.nanoTime();
        try { io.localfaas.spec.SpecLoader.read(f, java.util.Map.of()); System.out.println("loaded?!"); }
        catch (io.localfaas.spec.ConfigException e) { System.out.println(e.problems().get(0)); }
        long cold = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime(); // again, the loader's classes loaded: what the bomb itself costs
        try { io.localfaas.spec.SpecLoader.read(f, java.util.Map.of()); } catch (io.localfaas.spec.ConfigException e) { }
        System.out.printf("refused in %d ms (fresh JVM, file %d bytes); again in the same JVM: %d ms%n", cold, b.length(), (System.nanoTime() - t1) / 1_000_000);
    }
}
