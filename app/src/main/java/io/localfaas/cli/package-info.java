/** The {@code faas} command and the composition root: the only place that chooses a backend. */
package io.localfaas.cli;
