package io.localfaas.stem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StemPoolTest {
    /** A java17 stem cell's heap is fixed when its JVM starts: one pool per memory size; other runtimes one per image. */
    @ParameterizedTest(name = "{0} {1} MB -> {2}")
    @CsvSource(delimiter = '|', value = {
            "localfaas/runtime-nodejs18:t | 512  | localfaas/runtime-nodejs18:t         | 256  | ",
            "localfaas/runtime-python3:t  | 128  | localfaas/runtime-python3:t          | 256  | ",
            "localfaas/runtime-java17:t   | 128  | localfaas/runtime-java17:t@128MB     | 128  | 128",
            "localfaas/runtime-java17:t   | 1024 | localfaas/runtime-java17:t@1024MB    | 1024 | 1024",
    })
    void aPoolIsAnImageAndForJavaAMemorySize(String image, int memoryMb, String key, int stemMemoryMb, String fcMemory) {
        StemPool pool = StemPool.of(image, memoryMb);
        assertEquals(List.of(key, stemMemoryMb, fcMemory == null ? Map.of() : Map.of("FC_MEMORY_SIZE", fcMemory)),
                List.of(pool.key(), pool.stemMemoryMb(), pool.environment()));
        assertEquals(pool, StemPool.parse(pool.key()), "a key names its pool");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "localfaas/runtime-java17:t          | localfaas/runtime-java17:t@128MB",
            "localfaas/runtime-nodejs18:t        | localfaas/runtime-nodejs18:t",
    })
    void aBareImageStandsForItsDefaultPool(String key, String parsed) {
        assertEquals(parsed, StemPool.parse(key).key());
    }
}
