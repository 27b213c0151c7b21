package io.localfaas.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The events FC triggers deliver, in FC's documented shapes (help.aliyun.com "event formats of triggers"): a timer
 * trigger's {@code {triggerTime, triggerName, payload}}, an OSS notification, an FC3 HTTP trigger event, an MNS topic
 * message (JSON format). Samples carry placeholder account ids and names for the user to edit.
 */
public final class FcEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sample event types, in the order {@code faas event} lists them. */
    public static final List<String> TYPES = List.of("timer", "oss", "http", "mns");

    private FcEvents() {
    }

    /** FC's timer event: {@code {"triggerTime":"2026-01-01T00:00:00Z","triggerName":"timer","payload":"..."}} (UTC, seconds). */
    public static String timer(String triggerName, Instant at, String payload) {
        ObjectNode o = JSON.createObjectNode();
        o.put("triggerTime", at.truncatedTo(ChronoUnit.SECONDS).toString());
        o.put("triggerName", triggerName);
        o.put("payload", payload);
        return write(o);
    }

    /** A sample event of {@code type} (one of {@link #TYPES}), pretty-printed, with {@code now} as its time. */
    public static Optional<String> sample(String type, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Object event = switch (type) {
            case "timer" -> ordered("triggerTime", time, "triggerName", "timer", "payload", "awesome-fc");
            case "oss" -> Map.of("events", List.of(ordered(
                    "eventName", "ObjectCreated:PutObject",
                    "eventSource", "acs:oss",
                    "eventTime", time,
                    "eventVersion", "1.0",
                    "oss", ordered(
                            "bucket", ordered("arn", "acs:oss:cn-hangzhou:123456789:my-bucket", "name", "my-bucket",
                                    "ownerIdentity", "123456789", "virtualBucket", ""),
                            "object", ordered("deltaSize", 122539, "eTag", "688A7BF4F233DC9C88A80BF985AB7329", "key", "image/a.jpg",
                                    "size", 122539),
                            "ossSchemaVersion", "1.0",
                            "ruleId", "9adac8e253828f4f7c0466d941fa3db81161e853"),
                    "region", "cn-hangzhou",
                    "requestParameters", ordered("sourceIPAddress", "127.0.0.1"),
                    "responseElements", ordered("requestId", "58F9FF2D3DF792092E12044C"),
                    "userIdentity", ordered("principalId", "123456789"))));
            case "http" -> ordered(
                    "version", "v1",
                    "rawPath", "/example",
                    "body", "Hello FC!",
                    "isBase64Encoded", false,
                    "headers", ordered("Content-Type", "text/plain", "User-Agent", "curl/8.0"),
                    "queryParameters", ordered("name", "fc"),
                    "requestContext", ordered(
                            "accountId", "123456789",
                            "domainName", "127.0.0.1",
                            "domainPrefix", "example",
                            "http", ordered("method", "POST", "path", "/example", "protocol", "HTTP/1.1", "sourceIp", "127.0.0.1",
                                    "userAgent", "curl/8.0"),
                            "requestId", "1-00000000-0000000000000000000000000",
                            "time", time,
                            "timeEpoch", String.valueOf(now.toEpochMilli())));
            case "mns" -> ordered(
                    "TopicOwner", "123456789",
                    "Message", "hello topic",
                    "Subscriber", "123456789",
                    "PublishTime", now.toEpochMilli(),
                    "SubscriptionName", "my-subscription",
                    "MessageMD5", "BA4BA9B48AC81F0F9C66F6C909C39DBB",
                    "TopicName", "my-topic",
                    "MessageId", "2F5B3C281B283D4EAC694B7425288675");
            default -> null;
        };
        return Optional.ofNullable(event).map(FcEvents::pretty);
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pretty(Object o) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
