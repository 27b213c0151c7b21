package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeImageTagTest {
    @ParameterizedTest(name = "LOCALFAAS_IMAGE_TAG=''{0}'' -> {1}")
    @CsvSource(value = {"NULL, latest", "'', latest", "'  ', latest", "dev, dev", "' issue-18 ', issue-18"}, nullValues = "NULL")
    void theTagComesFromTheEnvironmentOrIsLatest(String env, String tag) {
        assertEquals(tag, Runtime.imageTag(env));
    }

    @org.junit.jupiter.api.Test
    void builtInRuntimesAreTaggedImagesOfTheirId() {
        assertEquals("localfaas/runtime-nodejs18:" + Runtime.IMAGE_TAG, Runtime.NODEJS18.image());
    }
}
