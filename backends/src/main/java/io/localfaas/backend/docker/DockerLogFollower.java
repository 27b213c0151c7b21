package io.localfaas.backend.docker;

import java.io.IOException;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.localfaas.backend.LineSplitter;
import io.localfaas.backend.LogFollow;
import io.localfaas.backend.LogSink;
import io.localfaas.backend.LogStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows containers' output streams. Uses a client of its own: a follow is a long-lived response that may stay
 * silent for minutes, which the main client's response timeout would cut. A follow ends when the container is removed
 * or when it is closed; lines are cut at {@link #MAX_LINE_BYTES}.
 */
final class DockerLogFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerLogFollower.class);
    static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int MAX_FOLLOWS = 512;

    private final DockerClient docker;

    DockerLogFollower() {
        this.docker = EngineCalls.streamingClient(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), MAX_FOLLOWS);
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
                out.finish();
                err.finish();
                super.onComplete();
            }
        };
        try {
            docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true).withTailAll().exec(callback);
        } catch (RuntimeException e) {
            LOG.warn("cannot follow the output of container {}: {}", containerId, e.getMessage());
            return LogFollow.NONE;
        }
        return () -> {
            try {
                callback.close();
            } catch (IOException e) {
                LOG.debug("closing the log follow of {}: {}", containerId, e.toString());
            }
        };
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            LOG.debug("closing the log client: {}", e.toString());
        }
    }
}
