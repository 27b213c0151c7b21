package io.localfaas.port;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a cold start's time went, phase by phase.
 *
 * @param imageReady  making sure the instance's image exists (zero while runtime images are built ahead by setup)
 * @param permitWait  waiting for a cold-start permit ({@code platform.maxColdStarts})
 * @param create      creating the container (or child process record) through the backend
 * @param start       from created to the engine reporting it started
 * @param listen      from started to accepting connections
 * @param initialize  the initializer (zero without one)
 * @param specialise  present when a pre-started stem cell was specialised instead of an instance being booted
 *                    (io.localfaas.stem.StemCells): that took the place of create, start and listen, which are zero
 */
public record ColdStart(Duration imageReady, Duration permitWait, Duration create, Duration start, Duration listen,
                        Duration initialize, Optional<Duration> specialise) {
    /** The kinds of cold start, as {@link #kind()} names them. */
    public static final String BOOT = "boot";
    public static final String STEM = "stem";

    /** A booted instance's cold start. */
    public ColdStart(Duration imageReady, Duration permitWait, Duration create, Duration start, Duration listen, Duration initialize) {
        this(imageReady, permitWait, create, start, listen, initialize, Optional.empty());
    }

    /** Only the three phases the skeleton measured; the others zero. */
    public ColdStart(Duration start, Duration listen, Duration initialize) {
        this(Duration.ZERO, Duration.ZERO, Duration.ZERO, start, listen, initialize);
    }

    /** A stem cell's cold start: the permit, its specialisation, the initializer. */
    public static ColdStart specialised(Duration permitWait, Duration specialise, Duration initialize) {
        return new ColdStart(Duration.ZERO, permitWait, Duration.ZERO, Duration.ZERO, Duration.ZERO, initialize, Optional.of(specialise));
    }

    /** {@value #STEM} when a stem cell was specialised, {@value #BOOT} when the instance was booted. */
    public String kind() {
        return specialise.isPresent() ? STEM : BOOT;
    }

    public Duration total() {
        return imageReady.plus(permitWait).plus(create).plus(start).plus(listen).plus(initialize).plus(specialise.orElse(Duration.ZERO));
    }

    /**
     * As sent in a response header:
     * {@code image=0ms;wait=0ms;create=13ms;start=180ms;listen=160ms;init=12ms;total=365ms}, or for a stem cell
     * {@code image=0ms;wait=0ms;specialise=9ms;init=12ms;total=21ms}.
     */
    public String header() {
        String booted = specialise.map(s -> "ms;specialise=" + s.toMillis())
                .orElseGet(() -> "ms;create=" + create.toMillis() + "ms;start=" + start.toMillis() + "ms;listen=" + listen.toMillis());
        return "image=" + imageReady.toMillis() + "ms;wait=" + permitWait.toMillis() + booted + "ms;init=" + initialize.toMillis()
                + "ms;total=" + total().toMillis() + "ms";
    }
}
