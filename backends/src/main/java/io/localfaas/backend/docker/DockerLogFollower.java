package io.localfaas.backend.docker;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.localfaas.backend.LineSplitter;
import io.localfaas.backend.LogFollow;
import io.localfaas.backend.LogSink;
import io.localfaas.backend.LogStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows containers' output streams. Uses the engine's streaming client: a follow is a long-lived response that
 * may stay silent for minutes, which the bounded client's response timeout would cut. A follow ends when the container is removed
 * or when it is closed; lines are cut at {@link #MAX_LINE_BYTES}.
 */
final class DockerLogFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerLogFollower.class);
    static final int MAX_LINE_BYTES = 16 * 1024;
    static final int MAX_FOLLOWS = 512;

    private final DockerEngine engine;
    private final DockerClient docker;
    /** The follows still open, closed with the follower (the streaming client is the engine's, which outlives it). */
    private final Set<ResultCallback.Adapter<Frame>> open = ConcurrentHashMap.newKeySet();

    DockerLogFollower(DockerEngine engine) {
        this.engine = engine;
        this.docker = engine.streaming();
    }

    DockerEngine engine() {
        return engine;
    }

    LogFollow follow(String containerId, LogSink sink) {
        LineSplitter out = new LineSplitter(LogStream.STDOUT, sink, MAX_LINE_BYTES);
        LineSplitter err = new LineSplitter(LogStream.STDERR, sink, MAX_LINE_BYTES);
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? err : out).accept(frame.getPayload());
            }

            @Override
            public void onError(Throwable e) {
                LOG.debug("log follow of {} ended: {}", containerId, e.toString());
                onComplete();
            }

            @Override
            public void onComplete() {
                open.remove(this);
                out.finish();
                err.finish();
                super.onComplete();
            }
        };
        open.add(callback);
        try {
            docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true).withTailAll().exec(callback);
        } catch (RuntimeException e) {
            open.remove(callback);
            LOG.warn("cannot follow the output of container {}: {}", containerId, e.getMessage());
            return LogFollow.NONE;
        }
        return () -> {
            open.remove(callback);
            closeQuietly(callback, containerId);
        };
    }

    @Override
    public void close() {
        for (ResultCallback.Adapter<Frame> f : List.copyOf(open)) {
            closeQuietly(f, "");
        }
        open.clear();
    }

    private static void closeQuietly(ResultCallback.Adapter<Frame> callback, String containerId) {
        try {
            callback.close();
        } catch (IOException e) {
            LOG.debug("closing the log follow of {}: {}", containerId, e.toString());
        }
    }
}
