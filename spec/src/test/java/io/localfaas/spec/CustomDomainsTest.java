package io.localfaas.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom domains of s.yaml files read into routes: FC 3.0's fc3-domain resources and FC 2's customDomains. */
class CustomDomainsTest {
    @TempDir
    Path dir;

    private SpecLoader.Loaded load(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("code"));
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return SpecLoader.read(f, java.util.Map.of());
    }

    @Test
    void anFc3DomainRoutesToTheFunctionItNamesWithItsRewrites() throws Exception {
        SpecLoader.Loaded loaded = load("""
                edition: 3.0.0
                name: app
                resources:
                  web:
                    component: fc3
                    props:
                      functionName: web-fn
                      runtime: nodejs18
                      code: ./code
                      handler: index.handler
                  domain:
                    component: fc3-domain
                    props:
                      region: cn-hangzhou
                      domainName: auto
                      protocol: HTTP
                      routeConfig:
                        routes:
                          - path: /*
                            functionName: ${resources.web.props.functionName}
                          - path: /api/*
                            functionName: web-fn
                            methods: [GET]
                            rewriteConfig:
                              wildcardRules:
                                - {match: /api/*, replacement: /$1}
                """);
        FunctionSpec fn = loaded.app().function("web-fn").orElseThrow();
        assertEquals(2, fn.triggers().size());
        TriggerSpec all = fn.triggers().get(0);
        assertEquals(Optional.of(new DomainRoute("auto", "/*", List.of())), all.domain());
        assertEquals(HttpStyle.FC3, all.style());
        assertEquals(TriggerSpec.ALL_METHODS, all.methods());
        TriggerSpec api = fn.triggers().get(1);
        assertEquals(Set.of("GET"), api.methods());
        assertEquals("/users", api.domain().orElseThrow().rewrite("/api/users"));
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void fc2CustomDomainsRouteToTheirOwnFunctionByDefault() throws Exception {
        SpecLoader.Loaded loaded = load("""
                edition: 1.0.0
                name: app
                services:
                  web:
                    component: devsapp/fc
                    props:
                      region: cn-hangzhou
                      service: {name: svc}
                      function: {name: web, runtime: nodejs14, codeUri: ./code, handler: index.handler}
                      triggers:
                        - {name: http, type: http, config: {authType: anonymous, methods: [GET, POST]}}
                      customDomains:
                        - domainName: example.com
                          protocol: HTTP
                          routeConfigs:
                            - path: /*
                              serviceName: svc
                              functionName: web
                """);
        FunctionSpec fn = loaded.app().function("web").orElseThrow();
        assertEquals(List.of("/svc/web", "/*"), fn.triggers().stream().map(TriggerSpec::path).toList());
        TriggerSpec domain = fn.triggers().get(1);
        assertEquals(HttpStyle.FC2, domain.style());
        assertTrue(domain.domain().orElseThrow().forHost("example.com"));
    }

    @Test
    void aRouteToAFunctionNotInTheFileIsAProblemAtItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                edition: 3.0.0
                name: app
                resources:
                  web:
                    component: fc3
                    props: {functionName: web, runtime: nodejs18, code: ./code, handler: index.handler}
                  domain:
                    component: fc3-domain
                    props:
                      domainName: auto
                      routeConfig:
                        routes:
                          - {path: /*, functionName: nope}
                          - {path: 'api/*', functionName: web}
                """).app());
        String m = e.getMessage();
        assertTrue(m.contains("s.yaml:13:") && m.contains("resources.domain.props.routeConfig.routes[0].functionName = nope: names no function"), m);
        assertTrue(m.contains("resources.domain.props.routeConfig.routes[1].path = api/*: must start with /"), m);
    }
}
