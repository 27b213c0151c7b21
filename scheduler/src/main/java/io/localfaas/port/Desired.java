package io.localfaas.port;

/**
 * How many instances a scaling policy wants for a function now, and why (the watermark policy's reason, shown by the
 * admin API and the dashboard).
 */
public record Desired(int instances, String why) {
}
