package io.localfaas.backend.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeMountPointTest {
    @ParameterizedTest
    @CsvSource({
        "hello, false, /code",
        "code, false, /code",
        "java-hello.jar, true, /code/java-hello.jar",
        "app.zip, true, /code/app.zip",
    })
    void foldersAtCodeFilesInsideIt(String name, boolean isFile, String expected) {
        assertEquals(expected, DockerBackend.codeMountPoint(name, isFile));
    }
}
