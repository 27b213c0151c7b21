package io.localfaas.runtime.java17.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpCallTest {
    @ParameterizedTest
    @CsvSource({
        "/2016-08-15/proxy/svc/fn/users?x=1, /2016-08-15/proxy/svc/fn/, /users, /2016-08-15/proxy/svc/fn, x=1",
        "/2016-08-15/proxy/svc/fn/, /2016-08-15/proxy/svc/fn/, /, /2016-08-15/proxy/svc/fn, ",
        "/2016-08-15/proxy/svc/fn, /2016-08-15/proxy/svc/fn/, /, /2016-08-15/proxy/svc/fn, ",
        "/2016-08-15/proxy/svc/fnx/a, /2016-08-15/proxy/svc/fn/, /2016-08-15/proxy/svc/fnx/a, '', ",
        "/hello/a%20b?q=%41, '', /hello/a%20b, '', q=%41",
        "/, '', /, '', ",
    })
    void pathBelowTheBasePath(String target, String basePath, String functionPath, String contextPath, String query) {
        HttpCall call = new HttpCall("GET", target, basePath, Map.of(), new byte[0], "127.0.0.1", 1, "127.0.0.1", 2);
        assertEquals(functionPath, call.functionPath());
        assertEquals(contextPath, call.contextPath());
        assertEquals(query, call.query());
    }

    @ParameterizedTest
    @CsvSource({
        "'a=1&a=2&b=', a, '1,2'",
        "'a=x%20y&c', a, 'x y'",
        "'a=x%20y&c', c, ''",
        "'name=%E4%BD%A0', name, '你'",
        "'k=%zz', k, '%zz'",
    })
    void queryParameters(String query, String name, String values) {
        HttpCall call = new HttpCall("GET", "/p?" + query, "", Map.of(), new byte[0], "127.0.0.1", 1, "127.0.0.1", 2);
        FcHttpServletRequest request = new FcHttpServletRequest(call);
        assertEquals(List.of(values.split(",", -1)), List.of(request.getParameterValues(name)));
    }
}
