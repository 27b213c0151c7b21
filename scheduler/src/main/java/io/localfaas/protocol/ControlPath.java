package io.localfaas.protocol;

/** Which kind of call the platform makes to an instance (header {@code x-fc-control-path}). */
public enum ControlPath {
    INITIALIZE("/initialize"),
    INVOKE("/invoke"),
    HTTP_INVOKE("/http-invoke"),
    PRE_STOP("/pre-stop");

    private final String path;

    ControlPath(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
