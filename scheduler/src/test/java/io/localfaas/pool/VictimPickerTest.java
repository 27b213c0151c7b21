package io.localfaas.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import io.localfaas.port.InstanceState;
import io.localfaas.port.InstanceView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VictimPickerTest {
    /**
     * Instances as {@code id:state:inflight:lastUsedMillis} separated by spaces; expected victims in order, separated
     * by spaces, "-" for none. A scale-in of {@code count}: idle READY instances whatever their idle time, longest idle first, not below min. */
    @ParameterizedTest(name = "min={0} count={1} [{2}] -> {3}")
    @CsvSource({
            "1, 2, a:READY:0:300 b:READY:0:100 c:READY:0:200, b c",           // two of three, longest idle first
            "1, 5, a:READY:0:300 b:READY:0:100 c:READY:0:200, b c",           // never below min
            "0, 1, a:READY:0:4999, a",                                        // just used: still a victim
            "0, 2, a:READY:2:0 b:READY:0:0 c:DRAINING:0:0, b",                // busy and draining ones never
            "0, 0, a:READY:0:0, -",                                           // nothing asked
            "2, 1, a:STARTING:0:0 b:READY:0:0, -"                             // starting ones count toward min
    })
    void surplusVictims(int min, int count, String instances, String expected) {
        assertEquals(ids(expected), VictimPicker.surplus(views(instances), min, count));
    }

    private static List<InstanceView> views(String instances) {
        return Arrays.stream(instances.split(" ")).map(t -> {
            String[] f = t.split(":");
            return new InstanceView(f[0], InstanceState.valueOf(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), false);
        }).toList();
    }

    private static List<String> ids(String expected) {
        return "-".equals(expected) ? List.of() : List.of(expected.split(" "));
    }
}
