package io.localfaas.port;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.localfaas.spec.FunctionSpec;

/** What {@link #reload} does, by function name. */
public record Reload(List<String> added, List<String> changed, List<String> removed, List<String> unchanged) {
    /** Pure: compares the running functions with the new ones (a function is unchanged when its spec is equal). */
    public static Reload plan(List<FunctionSpec> running, List<FunctionSpec> next) {
        Map<String, FunctionSpec> before = new LinkedHashMap<>();
        running.forEach(f -> before.put(f.name(), f));
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (FunctionSpec f : next) {
            FunctionSpec old = before.remove(f.name());
            (old == null ? added : old.equals(f) ? unchanged : changed).add(f.name());
        }
        return new Reload(List.copyOf(added), List.copyOf(changed), List.copyOf(before.keySet()), List.copyOf(unchanged));
    }
}
