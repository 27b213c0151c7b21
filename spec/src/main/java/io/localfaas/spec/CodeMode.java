package io.localfaas.spec;

/** How a function's code reaches its instances. */
public enum CodeMode {
    /** The code directory is mounted read-only at /code: an edit needs no build. */
    MOUNT,
    /** An image FROM the runtime with the code baked in, tagged by a content hash of runtime + code. */
    IMAGE
}
