package io.localfaas.backend;

/** Which output of an instance a log line came from. */
public enum LogStream {
    STDOUT, STDERR
}
