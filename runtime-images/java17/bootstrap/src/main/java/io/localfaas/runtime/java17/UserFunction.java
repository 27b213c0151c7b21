package io.localfaas.runtime.java17;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.aliyun.fc.runtime.Context;

/**
 * The function's code: resolves handler strings to methods and calls them.
 *
 * <p>A handler {@code pkg.Class::method} names a public method of a class with a public no-argument constructor;
 * the runtime makes one instance per class and shares it between the initializer, the handler and the hooks (as FC
 * does). Which shape the method must have depends on the call:
 * <ul>
 *   <li>event invoke: {@code (InputStream, OutputStream, Context)} ({@code StreamRequestHandler}), else
 *       {@code (I, Context) -> O} ({@code PojoRequestHandler}: the event is JSON read into {@code I} with Jackson,
 *       the result is written as JSON);</li>
 *   <li>HTTP invoke: {@code (HttpServletRequest, HttpServletResponse, Context)} ({@code HttpRequestHandler});</li>
 *   <li>initializer, pre-stop, pre-freeze: {@code (Context)} ({@code FunctionInitializer}, {@code PreStopHandler},
 *       {@code PreFreezeHandler}).</li>
 * </ul>
 * The fc-java-core interfaces are not required, only the method shapes, so a class implementing several of them works.
 */
final class UserFunction implements AutoCloseable {
    private final URLClassLoader loader;
    private final Map<String, Object> instances = new ConcurrentHashMap<>();

    private UserFunction(URLClassLoader loader) {
        this.loader = loader;
    }

    static UserFunction load(Path codePath) throws IOException {
        return new UserFunction(FunctionCode.loaderFor(codePath));
    }

    ClassLoader classLoader() {
        return loader;
    }

    /** Runs an event handler; returns the bytes of its result. */
    byte[] invokeEvent(String handler, byte[] event, Context context) throws Throwable {
        HandlerName name = HandlerName.parse(handler);
        Object target = instance(name.className());
        Optional<Method> stream = method(target.getClass(), name.method(), InputStream.class, OutputStream.class, Context.class);
        if (stream.isPresent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            call(stream.get(), target, new ByteArrayInputStream(event), out, context);
            return out.toByteArray();
        }
        Method pojo = pojoMethod(target.getClass(), name.method()).orElseThrow(() -> notFound(name,
                "public method " + name.method() + "(InputStream, OutputStream, Context) (StreamRequestHandler)"
                        + " or " + name.method() + "(I, Context) (PojoRequestHandler) for event invocations"));
        Object input = readPojo(event, pojo.getGenericParameterTypes()[0]);
        Object result = call(pojo, target, input, context);
        return result == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(result);
    }

    /** Runs an HTTP handler on the given servlet request/response. */
    void invokeHttp(String handler, HttpServletRequest request, HttpServletResponse response, Context context) throws Throwable {
        HandlerName name = HandlerName.parse(handler);
        Object target = instance(name.className());
        Method m = method(target.getClass(), name.method(), HttpServletRequest.class, HttpServletResponse.class, Context.class)
                .orElseThrow(() -> notFound(name, "public method " + name.method()
                        + "(HttpServletRequest, HttpServletResponse, Context) (HttpRequestHandler) for HTTP triggers"));
        call(m, target, request, response, context);
    }

    /** Runs an initializer or lifecycle hook {@code (Context)}. */
    void runHook(String handler, Context context) throws Throwable {
        HandlerName name = HandlerName.parse(handler);
        Object target = instance(name.className());
        Method m = method(target.getClass(), name.method(), Context.class)
                .orElseThrow(() -> notFound(name, "public method " + name.method() + "(Context)"));
        call(m, target, context);
    }

    private Object instance(String className) throws Throwable {
        Object existing = instances.get(className);
        if (existing != null) {
            return existing;
        }
        synchronized (instances) {
            existing = instances.get(className);
            if (existing != null) {
                return existing;
            }
            Class<?> type;
            try {
                type = Class.forName(className, true, loader);
            } catch (ClassNotFoundException e) {
                throw new FunctionError.LoadException("java.lang.ClassNotFoundException",
                        "class " + className + " not found in the function's code (" + Arrays.toString(loader.getURLs()) + ")");
            } catch (ExceptionInInitializerError e) {
                throw FunctionError.unwrap(e);
            }
            if (Modifier.isAbstract(type.getModifiers())) {
                throw new FunctionError.LoadException("HandlerNotFound", "class " + className + " is abstract or an interface");
            }
            Object created;
            try {
                created = type.getConstructor().newInstance();
            } catch (NoSuchMethodException e) {
                throw new FunctionError.LoadException("HandlerNotFound", "class " + className + " has no public no-argument constructor");
            } catch (ReflectiveOperationException | ExceptionInInitializerError e) {
                throw FunctionError.unwrap(e);
            }
            instances.put(className, created);
            return created;
        }
    }

    private static Object call(Method m, Object target, Object... args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw FunctionError.unwrap(e);
        }
    }

    private static Optional<Method> method(Class<?> type, String name, Class<?>... params) {
        try {
            Method m = type.getMethod(name, params);
            return Optional.of(accessible(m));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    /** {@code name(I, Context)}: the most specific non-bridge one (the generic interface's bridge takes Object). */
    private static Optional<Method> pojoMethod(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 2 && m.getParameterTypes()[1] == Context.class)
                .sorted(Comparator.comparing(Method::isBridge).thenComparing(m -> m.getParameterTypes()[0] == Object.class))
                .findFirst()
                .map(UserFunction::accessible);
    }

    /** Public methods of a non-public class (e.g. a nested class) still need to be callable. */
    private static Method accessible(Method m) {
        if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
            m.setAccessible(true);
        }
        return m;
    }

    private static Object readPojo(byte[] event, Type type) throws IOException {
        if (type == String.class) {
            String text = new String(event, StandardCharsets.UTF_8);
            // A JSON string is decoded; any other text is passed as it is (a plain-text event).
            return text.trim().startsWith("\"") ? Json.MAPPER.readValue(text, String.class) : text;
        }
        if (type == byte[].class) {
            return event;
        }
        if (event.length == 0) {
            return null;
        }
        return Json.MAPPER.readValue(event, Json.MAPPER.constructType(type));
    }

    private static FunctionError.LoadException notFound(HandlerName name, String what) {
        return new FunctionError.LoadException("HandlerNotFound", "handler " + name + ": class " + name.className() + " has no " + what);
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
