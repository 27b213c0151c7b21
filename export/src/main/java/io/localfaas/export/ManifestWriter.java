package io.localfaas.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.knative.serving.v1.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes Knative Services as YAML: one file per Service, named after it, and {@code UNMAPPED.txt} for what they leave out. */
public final class ManifestWriter {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build()).setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private ManifestWriter() {
    }

    public static String yaml(Service service) {
        try {
            return YAML.writeValueAsString(service);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write Service " + service.getMetadata().getName() + " as YAML: " + e.getMessage(), e);
        }
    }

    /** Writes every Service to {@code dir/<name>.yaml} and the unmapped list to {@code dir/UNMAPPED.txt}; returns the files written. */
    public static List<Path> write(KnativeExport export, Path dir) {
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            for (Service s : export.services()) {
                Path file = dir.resolve(s.getMetadata().getName() + ".yaml");
                Files.writeString(file, yaml(s), StandardCharsets.UTF_8);
                written.add(file);
            }
            Path notes = dir.resolve("UNMAPPED.txt");
            StringBuilder text = new StringBuilder("# What these manifests do not carry, and what to use on Knative instead\n");
            export.unmapped().forEach(u -> text.append(u).append('\n'));
            Files.writeString(notes, text.toString(), StandardCharsets.UTF_8);
            written.add(notes);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write manifests to " + dir + ": " + e.getMessage(), e);
        }
    }
}
