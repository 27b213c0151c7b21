package io.localfaas.runtime.java17;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerNameTest {
    @ParameterizedTest
    @CsvSource({
        "example.HelloFC::handleRequest, example.HelloFC, handleRequest",
        "HelloFC::initialize, HelloFC, initialize",
        "a.b.Outer$Inner::preStop, a.b.Outer$Inner, preStop",
        "' x.Y::m ', x.Y, m",
    })
    void parsesClassAndMethod(String text, String className, String method) throws Exception {
        assertEquals(new HandlerName(className, method), HandlerName.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "index.handler", "::m", "x.Y::", "x.Y::m::n", "x..Y::m", "x.Y::m()", "1x.Y::m", "x/Y::m"})
    void rejectsWhatIsNotPackageClassMethod(String text) {
        FunctionError.LoadException e = assertThrows(FunctionError.LoadException.class, () -> HandlerName.parse(text));
        assertEquals("InvalidHandlerName", e.errorType());
    }
}
