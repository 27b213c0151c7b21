package io.localfaas.gateway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.localfaas.gateway.auth.JwtVerifier;
import io.localfaas.spec.AuthSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.TriggerSpec;

/**
 * The routes and JWT verifiers of the functions the scheduler serves: rebuilt whole when a reload gave the scheduler
 * another function list (noticed by the list's identity, one volatile read per request).
 */
final class FunctionRoutes {
    private final Supplier<List<FunctionSpec>> functions;
    private final Clock clock;
    private volatile Routing routing;

    private record Routing(List<FunctionSpec> functions, Router router, Map<AuthSpec, JwtVerifier> verifiers,
            Map<String, List<AuthSpec>> jwtTriggersOf) {
    }

    private final boolean hostRouting;

    /** @param functions the functions served; the same list object until a reload changes them */
    FunctionRoutes(Supplier<List<FunctionSpec>> functions, Clock clock, boolean hostRouting) {
        this.hostRouting = hostRouting;
        this.functions = functions;
        this.clock = clock;
        this.routing = build(functions.get());
    }

    private Routing current() {
        Routing r = routing;
        List<FunctionSpec> now = functions.get();
        if (r.functions() != now) {
            r = build(now);
            routing = r;
        }
        return r;
    }

    private Routing build(List<FunctionSpec> functions) {
        Map<AuthSpec, JwtVerifier> verifiers = new LinkedHashMap<>();
        Map<String, List<AuthSpec>> jwtTriggersOf = new LinkedHashMap<>();
        for (FunctionSpec f : functions) {
            for (TriggerSpec t : f.triggers()) {
                if (t.auth().type() == AuthSpec.Type.JWT) {
                    verifiers.computeIfAbsent(t.auth(), a -> new JwtVerifier(a, clock));
                    jwtTriggersOf.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(t.auth());
                }
            }
        }
        return new Routing(functions, new Router(functions, hostRouting), verifiers, jwtTriggersOf);
    }

    Route resolve(String method, java.util.Optional<String> host, String path, java.util.Optional<String> qualifier) {
        return current().router().resolve(method, host, path, qualifier);
    }

    /** The function named {@code name} among those served now. */
    java.util.Optional<FunctionSpec> function(String name) {
        return current().functions().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The verifier of a trigger's auth (a request routed just before a reload may carry an auth no longer served). */
    JwtVerifier verifier(AuthSpec auth) {
        JwtVerifier v = current().verifiers().get(auth);
        return v != null ? v : new JwtVerifier(auth, clock);
    }

    /** The JWT auths of {@code function}'s triggers: the invoke API asks for one of them. */
    List<AuthSpec> jwtTriggersOf(String function) {
        return current().jwtTriggersOf().getOrDefault(function, List.of());
    }
}
