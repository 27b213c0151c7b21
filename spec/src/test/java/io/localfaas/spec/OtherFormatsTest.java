package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** Formats localfaas does not read get one line saying which it does, not a problem per key. */
class OtherFormatsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "f.yml|service: my-midway\\nprovider:\\n  name: aliyun\\n  runtime: nodejs18\\nfunctions:\\n  index:\\n    handler: index.handler\\n    events:\\n      - http: {path: /*}\\n",
            "serverless.yml|service: app\\nframeworkVersion: '3'\\nprovider: {name: aws, runtime: nodejs18.x}\\nfunctions:\\n  hello: {handler: handler.hello}\\n"})
    void midwayAndServerlessFrameworkFilesAreOneLine(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> SpecLoader.load(f));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("Midway f.yml or Serverless Framework serverless.yml") && e.getMessage().contains("s.yaml"),
                e.getMessage());
    }
}
