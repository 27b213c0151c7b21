package io.localfaas.gateway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.localfaas.gateway.auth.JwtVerifier;
import io.localfaas.spec.AuthSpec;
import io.localfaas.spec.FunctionSpec;
import io.localfaas.spec.TriggerSpec;

/** The routes and JWT verifiers of the functions being served; replaced whole by {@link #refresh} after a reload. */
final class FunctionRoutes {
    private final Clock clock;
    private volatile Routing routing;

    private record Routing(Router router, Map<AuthSpec, JwtVerifier> verifiers, Map<String, List<AuthSpec>> jwtTriggersOf) {
    }

    FunctionRoutes(List<FunctionSpec> functions, Clock clock) {
        this.clock = clock;
        refresh(functions);
    }

    /** Serves {@code functions} from now on. */
    void refresh(List<FunctionSpec> functions) {
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
        routing = new Routing(new Router(functions), verifiers, jwtTriggersOf);
    }

    Route resolve(String method, String path) {
        return routing.router().resolve(method, path);
    }

    /** The verifier of a trigger's auth (a request routed just before a reload may carry an auth no longer served). */
    JwtVerifier verifier(AuthSpec auth) {
        JwtVerifier v = routing.verifiers().get(auth);
        return v != null ? v : new JwtVerifier(auth, clock);
    }

    /** The JWT auths of {@code function}'s triggers: the invoke API asks for one of them. */
    List<AuthSpec> jwtTriggersOf(String function) {
        return routing.jwtTriggersOf().getOrDefault(function, List.of());
    }
}
