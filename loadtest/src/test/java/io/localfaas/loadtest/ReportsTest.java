package io.localfaas.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    @TempDir
    Path dir;

    @Test
    void jsonRoundTripsAndComparesToItself() throws IOException {
        Report r = TuneRuleTest.report(120, 3, 2, 512);
        Path f = dir.resolve("r.json");
        Reports.writeJson(r, f);
        Report back = Reports.readJson(f);
        assertEquals(r, back);
        for (Compare.Row row : Compare.rows(r, back)) {
            assertTrue(Double.isNaN(row.ratio()) || row.ratio() == 1.0, row.toString());
        }
        assertTrue(Compare.text("a", r, "b", back).contains("p99 ms"));
    }

    @Test
    void readingSomethingElseSaysWhatItIs() throws IOException {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"schema\": \"other/1\"}");
        IOException e = assertThrows(IOException.class, () -> Reports.readJson(f));
        assertTrue(e.getMessage().contains("not a loadtest report"), e.getMessage());
        Files.writeString(f, "not json");
        assertThrows(IOException.class, () -> Reports.readJson(f));
    }

    @Test
    void htmlInlinesTheChartLibraryAndTheDataAndReferencesNothingOutside() {
        Report r = TuneRuleTest.report(120, 3, 2, 512);
        String html = Reports.html("t </script> <b>", "single", List.of(r), null);
        assertTrue(html.contains("echarts"), "the library is inlined");
        assertTrue(html.contains("\"p99\":120.0"), "the data is inlined");
        assertFalse(html.contains("src=\"http"), "no external script");
        assertFalse(html.contains("href=\"http"), "no external link");
        assertEquals(2, html.split("(?i)</script>", -1).length - 1, "only our two script elements close");
    }
}
