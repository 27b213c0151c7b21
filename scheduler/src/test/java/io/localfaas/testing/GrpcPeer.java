package io.localfaas.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;

/**
 * gRPC for tests without generated code: the test service {@code localfaas.test.Greeter} of
 * {@code greeter.proto} ({@code Hello(HelloRequest) returns (HelloReply)}, {@code Count(CountRequest) returns (stream
 * HelloReply)}), its messages encoded by hand (a string field 1, a varint field 2), and a plaintext (HTTP/2 cleartext)
 * client channel.
 */
public final class GrpcPeer {
    public static final String SERVICE = "localfaas.test.Greeter";
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    public static final MethodDescriptor<byte[], byte[]> HELLO = method("Hello", MethodDescriptor.MethodType.UNARY);
    public static final MethodDescriptor<byte[], byte[]> COUNT = method("Count", MethodDescriptor.MethodType.SERVER_STREAMING);
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcPeer() {
    }

    public static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder().setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    }


    /** A plaintext channel to {@code 127.0.0.1:port} whose requests name {@code authority} (e.g. {@code fn.localhost:port}). */
    public static ManagedChannel channel(int port, String authority) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).overrideAuthority(authority).usePlaintext().build();
    }

    /** A message with string field 1 = {@code text} and, when {@code number} is positive, varint field 2 = it. */
    public static byte[] message(String text, int number) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        out.write(0x0a);
        varint(out, t.length);
        out.writeBytes(t);
        if (number > 0) {
            out.write(0x10);
            varint(out, number);
        }
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    /** String field 1 of a message (empty when absent). */
    public static String text(byte[] message) {
        int[] f = field(message, 1);
        return f == null ? "" : new String(message, f[1], f[0], StandardCharsets.UTF_8);
    }

    /** Varint field 2 of a message (0 when absent). */
    public static int number(byte[] message) {
        int[] f = field(message, 2);
        return f == null ? 0 : f[0];
    }

    /** Field {@code number} of a message: {value or length, offset of a length-delimited value}, or null when absent. */
    private static int[] field(byte[] message, int number) {
        int i = 0;
        while (i < message.length) {
            int tag = message[i++] & 0xff;
            int[] read = readVarint(message, i);
            i = read[1];
            if (tag >> 3 == number) {
                return new int[] {read[0], i};
            }
            if ((tag & 7) == 2) {
                i += read[0];
            }
        }
        return null;
    }

    private static int[] readVarint(byte[] b, int i) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[i++] & 0xff;
            v |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return new int[] {v, i};
            }
        }
    }

    private static io.grpc.Channel withToken(ManagedChannel channel, String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(AUTHORIZATION, "Bearer " + token);
        }
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** {@code Hello(name)}'s reply text; a failed call throws {@link StatusRuntimeException}. {@code token} may be null. */
    public static String hello(ManagedChannel channel, String token, String name, long timeoutSeconds) {
        return text(ClientCalls.blockingUnaryCall(withToken(channel, token), HELLO,
                CallOptions.DEFAULT.withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS), message(name, 0)));
    }

    /** {@code Count(name, n)}'s replies in the order they came; a failed call throws {@link StatusRuntimeException}. */
    public static List<String> count(ManagedChannel channel, String token, String name, int n, long timeoutSeconds) {
        Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(withToken(channel, token), COUNT,
                CallOptions.DEFAULT.withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS), message(name, n));
        List<String> replies = new ArrayList<>();
        it.forEachRemaining(m -> replies.add(text(m)));
        return replies;
    }
}
