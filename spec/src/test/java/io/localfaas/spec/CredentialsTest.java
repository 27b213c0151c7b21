package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialsTest {
    @Test
    void fromTheEnvironmentAccessFileAndFuncraftConfig() {
        assertEquals(Optional.of(new Credentials("id", "secret", Optional.of("tok"), "env")), Credentials.fromEnvironment(
                Map.of(Credentials.ID, "id", Credentials.SECRET, "secret", Credentials.TOKEN, "tok"), "env"));
        assertEquals(Optional.empty(), Credentials.fromEnvironment(Map.of(Credentials.SECRET, "secret"), "env"));
        String access = "default:\n  AccessKeyID: a\n  AccessKeySecret: b\nwork:\n  AccessKeyID: c\n  AccessKeySecret: d\n  SecurityToken: t\n";
        assertEquals(Optional.of(new Credentials("c", "d", Optional.of("t"), "f (alias work)")), Credentials.fromAccessFile(access, "work", "f"));
        assertEquals(Optional.empty(), Credentials.fromAccessFile(access, "nope", "f"));
        assertEquals(Optional.empty(), Credentials.fromAccessFile("[not: yaml", "default", "f"));
        assertEquals(Optional.of(new Credentials("k", "s", Optional.empty(), "fun")), Credentials.fromFuncraftConfig(
                "endpoint: x\naccess_key_id: k\naccess_key_secret: s\n", "fun"));
    }

    @ParameterizedTest
    @CsvSource({"LTAI5tAbCdEfGhIjKl, LTAI****IjKl", "short, ****", "exactly12chr, ****"})
    void masked(String key, String shown) {
        assertEquals(shown, Credentials.mask(key));
    }

    @Test
    void itsTextNeverHoldsTheSecretOrToken() {
        Credentials c = new Credentials("LTAI5tAbCdEfGhIjKl", "verysecretvalue", Optional.of("tokenvalue"), "env");
        assertFalse(c.toString().contains("verysecretvalue") || c.toString().contains("tokenvalue") || c.toString().contains("LTAI5tAbCdEfGhIjKl"));
    }
}
