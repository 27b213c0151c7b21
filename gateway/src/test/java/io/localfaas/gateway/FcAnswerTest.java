package io.localfaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.stream.Stream;

import io.localfaas.failure.PlatformException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** FC's answer styles as one table (fc-compat.md). */
class FcAnswerTest {
    static Stream<Arguments> styles() {
        return Stream.of(
                Arguments.of(FcAnswer.TRIGGER, true, 502, FcAnswer.Body.AS_IS),
                Arguments.of(FcAnswer.EVENT, false, 502, FcAnswer.Body.HTTP_EVENT_RESULT),
                Arguments.of(FcAnswer.INVOKE_API, false, 200, FcAnswer.Body.RESULT));
    }

    @ParameterizedTest
    @MethodSource("styles")
    void eachStyleSaysHowItPassesAnswersAndFunctionErrors(FcAnswer style, boolean passesThrough, int functionErrorStatus, FcAnswer.Body body) {
        assertEquals(passesThrough, style.passesThrough());
        assertEquals(functionErrorStatus, style.functionErrorStatus());
        assertEquals(body, style.body());
    }

    /** A platform error carrying the function's JSON: (style, kind, the error's own status) -> the reply, or a JSON error. */
    static Stream<Arguments> functionBodies() {
        return Stream.of(
                Arguments.of(FcAnswer.TRIGGER, Kind.INSTANCE_CRASHED, 502, Optional.of(new FcAnswer.Reply(502, "UnhandledInvocationError"))),
                Arguments.of(FcAnswer.TRIGGER, Kind.INIT_FAILED, 502, Optional.of(new FcAnswer.Reply(502, "UnhandledInvocationError"))),
                Arguments.of(FcAnswer.EVENT, Kind.INSTANCE_CRASHED, 502, Optional.of(new FcAnswer.Reply(502, "UnhandledInvocationError"))),
                Arguments.of(FcAnswer.EVENT, Kind.INIT_FAILED, 502, Optional.of(new FcAnswer.Reply(502, "UnhandledInvocationError"))),
                Arguments.of(FcAnswer.INVOKE_API, Kind.INIT_FAILED, 502, Optional.of(new FcAnswer.Reply(200, "InitializationError"))),
                Arguments.of(FcAnswer.INVOKE_API, Kind.INSTANCE_CRASHED, 502, Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("functionBodies")
    void aPlatformErrorWithTheFunctionsJsonIsAnsweredByStyle(FcAnswer style, Kind kind, int errorStatus, Optional<FcAnswer.Reply> reply) {
        assertEquals(reply, style.functionBodyReply(kind, errorStatus));
    }

    @ParameterizedTest
    @EnumSource(FcAnswer.class)
    void everyStyleIsInTheTable(FcAnswer style) {
        assertEquals(1, styles().filter(a -> a.get()[0] == style).count());
    }
}
