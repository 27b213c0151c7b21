package io.localfaas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import io.localfaas.backend.BackendUnavailableException;
import io.localfaas.backend.InstanceStatus;
import io.localfaas.failure.FunctionErrors;
import io.localfaas.failure.PlatformException;
import io.localfaas.failure.PlatformException.Kind;
import io.localfaas.lifecycle.InstanceLauncher;
import io.localfaas.pool.Lease;
import io.localfaas.pool.Outcome;
import io.localfaas.port.Happened;
import io.localfaas.protocol.InstanceClient;
import io.localfaas.protocol.InvokeRequest;
import io.localfaas.protocol.InvokeResponse;
import io.localfaas.spec.FunctionSpec;

/**
 * The call to a leased instance and what its failure means. A call that fails before the answer arrives is
 * classified once, in {@link #failure}: a read timeout is the function's timeout (the instance drains and is
 * replaced), a refused or dropped connection is a crash (the instance is retired at once, and the engine is asked
 * whether it was killed for memory). The lease is released exactly once, with that outcome, on every path.
 */
public final class InstanceCalls {
    /** How long after a dropped connection the engine gets to report the instance's exit (and an OOM kill). */
    public static final Duration EXIT_REPORT_WAIT = Duration.ofSeconds(3);

    private final InstanceClient client;
    private final InstanceLauncher launcher;
    /** Ends a streamed body at the function's timeout. */
    private final ScheduledExecutorService timer;
    private final BooleanSupplier shutDown;

    InstanceCalls(InstanceClient client, InstanceLauncher launcher, ScheduledExecutorService timer, BooleanSupplier shutDown) {
        this.client = client;
        this.launcher = launcher;
        this.timer = timer;
        this.shutDown = shutDown;
    }

    /** Sends the request and reads the whole answer; releases the lease. */
    Invocation invoke(Leased leased, InvokeRequest request) {
        FunctionSpec fn = leased.spec();
        Lease lease = leased.lease();
        long t0 = System.nanoTime();
        InvokeResponse r = call(leased, t0, () -> client.send(lease.instance(), fn, request, fn.timeout()), () -> false);
        leased.release(Outcome.OK);
        return new Invocation(r, lease.instanceId(), lease.coldStart(), lease.queueWait(), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** A call to an instance, up to its answer (or its headers). */
    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code call} on the leased instance; when it fails, releases the lease with what the failure says of the
     * instance and throws what the request sees. On success the caller owns the lease.
     *
     * @param clientFailed whether a failure was the client's (its request body could not be read): then the instance
     *                     is not blamed and an {@link UncheckedIOException} is thrown
     */
    private <T> T call(Leased leased, long t0, Call<T> call, BooleanSupplier clientFailed) {
        Outcome outcome = Outcome.CRASHED;
        try {
            T result = call.run();
            outcome = null;
            return result;
        } catch (IOException e) {
            if (clientFailed.getAsBoolean()) {
                outcome = Outcome.OK;
                throw new UncheckedIOException("could not read the request body from the client", e);
            }
            CallFailure f = failure(leased, e, t0);
            outcome = f.outcome();
            throw f.exception();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformException.of(Kind.SHUTTING_DOWN, "interrupted");
        } catch (BackendUnavailableException e) {
            throw PlatformException.of(Kind.BACKEND_UNAVAILABLE, e.getMessage(), e);
        } finally {
            if (outcome != null) {
                leased.release(outcome);
            }
        }
    }

    /**
     * What a call on {@code leased} that failed with {@code e} before its answer arrived means: the failure the
     * request sees, and the outcome to release the lease with. Does not release it. May block up to
     * {@link #EXIT_REPORT_WAIT} (a crash asks the engine how the instance exited): never call it on an I/O thread.
     *
     * @param callStartedNanos {@link System#nanoTime()} when the call began (the crash report says how long it ran)
     */
    public CallFailure failure(Leased leased, IOException e, long callStartedNanos) {
        return failure(leased, Happened.of(e), callStartedNanos);
    }

    /**
     * As {@link #failure(Leased, IOException, long)}, from what happened (see {@link Happened#of}); blocks only when
     * {@link Happened#asksEngine()}.
     */
    public CallFailure failure(Leased leased, Happened what, long callStartedNanos) {
        return new CallFailure(exception(leased.spec(), leased.lease(), what, callStartedNanos), what.outcome());
    }

    private PlatformException exception(FunctionSpec fn, Lease lease, Happened what, long t0) {
        if (shutDown.getAsBoolean()) {
            // The shutdown removed the instance under a request still running after the drain's grace period.
            return PlatformException.of(Kind.SHUTTING_DOWN, "localfaas shut down before function " + fn.name()
                    + " answered (the request was still running when the drain's grace period ended)");
        }
        return switch (what) {
            case TIMED_OUT -> PlatformException.of(Kind.FUNCTION_TIMEOUT, "function " + fn.name() + " timed out after "
                    + fn.timeout().toMillis() + "ms (instance " + lease.instanceId() + " is replaced: it may still be running the request)");
            case CONNECT_TIMED_OUT -> crashed(fn, lease, "did not accept the connection", t0);
            case REFUSED -> crashed(fn, lease, "refused the connection", t0);
            default -> crashed(fn, lease, "failed while serving the request", t0);
        };
    }

    /** The failure for an instance that died or dropped the connection, saying whether it was killed for memory. */
    private PlatformException crashed(FunctionSpec fn, Lease lease, String what, long t0) {
        InstanceStatus status = launcher.exitStatus(lease.instance(), EXIT_REPORT_WAIT);
        String how = status.oomKilled()
                ? "was killed for running out of memory (OOM: memorySize " + fn.memorySize() + " MB)"
                : status.running() ? what : what + " (" + status.describe() + ")";
        return PlatformException.crashed("instance " + lease.instanceId() + " of " + fn.name() + " " + how + "; it is replaced",
                FunctionErrors.processExited(Duration.ofNanos(System.nanoTime() - t0), status));
    }
}
