package io.localfaas.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every problem found in it. */
public final class ConfigException extends Exception {
    private final transient List<Problem> problems;
    private final transient List<String> runnable;

    public ConfigException(List<Problem> problems) {
        this(problems, List.of());
    }

    /**
     * @param runnable when every problem belongs to a function and some functions have none: those, in document order
     *                 ({@code faas up --only} runs them); else empty
     */
    public ConfigException(List<Problem> problems, List<String> runnable) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n"))
                + (runnable.isEmpty() ? "" : "\n" + onlyHint(runnable)));
        this.problems = List.copyOf(problems);
        this.runnable = List.copyOf(runnable);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The functions without problems when only functions have problems (see the constructor); else empty. */
    public List<String> runnable() {
        return runnable;
    }

    /** The line that offers {@code --only} with the functions that would run. */
    public static String onlyHint(List<String> runnable) {
        return "to run the functions without problems: faas up --only " + String.join(",", runnable);
    }
}
