package io.localfaas.spec;

/** Which engine runs instances. */
public enum BackendKind {
    /** Docker when an engine answers, else the process backend with a loud warning that isolation is off. */
    AUTO,
    DOCKER,
    /** Runtime bootstraps as local child processes: no isolation, for machines without Docker. */
    PROCESS
}
