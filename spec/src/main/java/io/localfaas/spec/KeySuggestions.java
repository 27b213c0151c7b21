package io.localfaas.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known key nearest to a misspelled one: one it begins, else the nearest by edit distance (case-insensitive). */
final class KeySuggestions {
    private KeySuggestions() {
    }

    static Optional<String> nearest(String key, Collection<String> known) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.length() >= 3) {
            Optional<String> prefixed = known.stream().filter(s -> s.toLowerCase(Locale.ROOT).startsWith(k)).sorted().findFirst();
            if (prefixed.isPresent()) {
                return prefixed;
            }
        }
        return known.stream()
                .min(Comparator.comparingInt((String s) -> distance(k, s.toLowerCase(Locale.ROOT))).thenComparing(s -> s))
                .filter(s -> distance(k, s.toLowerCase(Locale.ROOT)) <= Math.max(2, key.length() / 3));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
