package io.localfaas.backend;

/** The engine refused or failed an image build (bad base image, unreadable code, timeout). */
public class ImageBuildException extends RuntimeException {
    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
