package io.localfaas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.ImageBuildException;
import io.localfaas.backend.docker.DockerImages;
import io.localfaas.export.KnativeExport;
import io.localfaas.export.KnativeMapping;
import io.localfaas.export.KnativeOptions;
import io.localfaas.export.ManifestWriter;
import io.localfaas.export.Unmapped;
import io.localfaas.spec.AppSpec;
import io.localfaas.spec.FunctionSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faas export}: the same functions elsewhere. */
@Command(name = "export", description = "Export the functions to another engine.", subcommands = ExportCommand.Knative.class,
        mixinStandardHelpOptions = true)
final class ExportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code faas export knative CONFIG}: one Knative Serving Service per function in {@code -o DIR}, each function's
     * standalone image built (and pushed with {@code --push}, else saved as a tarball next to the manifests), and the
     * list of what Knative has no field for. Exit 0 done, 1 a build/push/save failed, 2 bad config or flags, 3 no engine.
     */
    @Command(name = "knative", mixinStandardHelpOptions = true,
            description = "Write Knative Serving manifests and build the images they run (standalone mode).")
    static final class Knative implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CONFIG", description = "configuration file (native YAML or Funcraft template)")
        Path config;

        @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "knative", description = "where to write (default: ${DEFAULT-VALUE})")
        Path output;

        @Option(names = "--registry", paramLabel = "PREFIX", defaultValue = "localfaas",
                description = "image name prefix, e.g. registry.example.com/team (default: ${DEFAULT-VALUE})")
        String registry;

        @Option(names = "--namespace", paramLabel = "NS", defaultValue = KnativeOptions.DEFAULT_NAMESPACE,
                description = "Kubernetes namespace (default: ${DEFAULT-VALUE})")
        String namespace;

        @Option(names = "--target-utilization", paramLabel = "PERCENT", defaultValue = "100",
                description = "Knative's target utilisation of containerConcurrency; 100 scales as FC does (default: ${DEFAULT-VALUE})")
        int targetUtilization;

        @Option(names = "--push", description = "docker push the images to --registry instead of saving tarballs")
        boolean push;

        @Option(names = "--no-images", description = "write the manifests only (no Docker engine needed)")
        boolean noImages;

        @Option(names = "--keep-local", description = "leave the built images in the local engine (for kind load docker-image or"
                + " minikube image load) instead of saving tarballs")
        boolean keepLocal;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<AppSpec> loaded = ConfigFiles.load(config, err);
            if (loaded.isEmpty()) {
                return 2;
            }
            AppSpec app = loaded.get();
            if (push && registry.equals("localfaas")) {
                err.println("faas: error: --push needs --registry naming a registry you can push to (e.g. registry.example.com/team)");
                return 2;
            }
            Map<String, String> refs = new LinkedHashMap<>();
            KnativeOptions options;
            try {
                options = new KnativeOptions(namespace, fn -> refs.get(fn.name()), targetUtilization);
            } catch (IllegalArgumentException e) {
                err.println("faas: error: " + e.getMessage());
                return 2;
            }
            if (noImages) {
                app.functions().forEach(fn -> refs.put(fn.name(), KnativeImages.unbuilt(registry, fn)));
                return write(app, options, out, err);
            }
            try (DockerImages docker = DockerImages.connect()) {
                KnativeImages images = new KnativeImages(docker);
                for (FunctionSpec fn : app.functions()) {
                    String ref = images.build(registry, fn);
                    refs.put(fn.name(), ref);
                    out.println("image " + ref + " (" + fn.name() + ")");
                }
                int rc = write(app, options, out, err);
                for (FunctionSpec fn : app.functions()) {
                    String ref = refs.get(fn.name());
                    if (fn.image().isPresent()) {
                        continue; // a custom container's own image: the user's to ship, not built or pushed here
                    }
                    if (push) {
                        images.push(ref);
                        out.println("pushed " + ref);
                    } else if (!keepLocal) {
                        out.println("saved " + images.save(ref, output.resolve("images")) + " (docker load -i it, then push it where your cluster pulls from)");
                    }
                }
                return rc;
            } catch (BackendUnavailableException e) {
                err.println("faas: error: " + e.getMessage() + " (or run with --no-images for the manifests alone)");
                return 3;
            } catch (ImageBuildException e) {
                err.println("faas: error: " + e.getMessage());
                return 1;
            }
        }

        private int write(AppSpec app, KnativeOptions options, PrintWriter out, PrintWriter err) {
            KnativeExport export = KnativeMapping.map(app, options);
            for (Path file : ManifestWriter.write(export, output)) {
                out.println("wrote " + file);
            }
            if (!export.unmapped().isEmpty()) {
                out.println("not carried over (also in " + output.resolve("UNMAPPED.txt") + "):");
                for (Unmapped u : export.unmapped()) {
                    out.println("  " + u);
                }
            }
            out.println("apply with: kubectl apply -f " + output);
            out.flush();
            err.flush();
            return 0;
        }
    }
}
