package io.localfaas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An unmodified express 4 site (an HTML page with absolute asset URLs) wrapped with {@code @webserverless/fc-express},
 * declared in an FC 2 s.yaml with a custom domain routing {@code /*} to it, its packages installed from npm into a
 * temporary copy (as FcExpressIT does): served at the gateway's root through the custom-domain route, at its function
 * URL {@code http://web.localhost:<port>/}, and for the domain's own name, with the function seeing the client's Host.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class CustomDomainIT {
    private static RunningPlatform platform;

    @BeforeAll
    static void installAndStart() throws Exception {
        Path dir = Files.createTempDirectory("localfaas-domain");
        Path code = Files.createDirectories(dir.resolve("code"));
        try (Stream<Path> files = Files.list(Path.of("..", "sample-functions", "express-app"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("index.js")).toList()) {
                Files.copy(f, code.resolve(f.getFileName()));
            }
        }
        Files.writeString(code.resolve("app.js"), """
                'use strict';
                const express = require('express');
                const app = express();
                app.get('/', (req, res) => res.type('html').send(
                  '<html><head><link rel="stylesheet" href="/assets/app.css"></head><body><a href="/about">about</a></body></html>'));
                app.get('/assets/app.css', (req, res) => res.type('css').send('body { color: teal; }'));
                app.get('/about', (req, res) => res.json({ path: req.path, host: req.get('host'), url: req.originalUrl }));
                app.all('*', (req, res) => res.status(404).json({ error: `no route ${req.method} ${req.path}` }));
                module.exports = app;
                """);
        NpmInstall.install(code, dir.resolve("npm.log"), "@webserverless/fc-express", "express@4");
        Files.writeString(dir.resolve("s.yaml"), """
                edition: 1.0.0
                name: site
                services:
                  web:
                    component: devsapp/fc
                    props:
                      region: cn-hangzhou
                      service: {name: site}
                      function: {name: web, runtime: nodejs14, codeUri: ./code, handler: index.handler, timeout: 20}
                      triggers:
                        - {name: http, type: http, config: {authType: anonymous, methods: [GET, POST]}}
                      customDomains:
                        - domainName: www.example.com
                          protocol: HTTP
                          routeConfigs:
                            - {path: /*, serviceName: site, functionName: web}
                """);
        platform = new RunningPlatform(dir.resolve("s.yaml"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static RawHttp.Answer get(String host, String path) throws IOException {
        return RawHttp.send(platform.gateway.port(), "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n", new byte[0]);
    }

    @Test
    void theCustomDomainRouteServesThePageAndItsAbsoluteAssetsAtTheRoot() throws Exception {
        String self = "127.0.0.1:" + platform.gateway.port();
        RawHttp.Answer page = get(self, "/");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("href=\"/assets/app.css\""), page.body());
        RawHttp.Answer css = get(self, "/assets/app.css");
        assertEquals(200, css.status(), css.body());
        assertTrue(css.header("content-type").startsWith("text/css"), css.head());
        RawHttp.Answer about = get(self, "/about?x=1");
        assertEquals(200, about.status(), about.body());
        assertTrue(about.body().contains("\"path\":\"/about\""), "express sees the path FC gives it, no prefix: " + about.body());
        assertTrue(about.body().contains("\"host\":\"" + self + "\""), "the function sees the client's Host: " + about.body());
        assertTrue(about.body().contains("\"url\":\"/about?x=1\""), about.body());
    }

    @Test
    void theFunctionUrlServesTheSiteAtTheRootOfItsOwnHost() throws Exception {
        String host = "web.localhost:" + platform.gateway.port();
        RawHttp.Answer page = get(host, "/");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("href=\"/assets/app.css\""), page.body());
        assertEquals(200, get(host, "/assets/app.css").status());
        RawHttp.Answer about = get(host, "/about");
        assertTrue(about.body().contains("\"host\":\"" + host + "\""), about.body());
        assertEquals(404, get("nope.localhost:" + platform.gateway.port(), "/").status());
    }

    @Test
    void theDomainsOwnNameServesItsRoutesAndTheTriggerPathStillWorks() throws Exception {
        RawHttp.Answer about = get("www.example.com", "/about");
        assertEquals(200, about.status(), about.body());
        assertTrue(about.body().contains("\"host\":\"www.example.com\""), about.body());
        RawHttp.Answer proxied = get("127.0.0.1:" + platform.gateway.port(), "/2016-08-15/proxy/site/web/about");
        assertEquals(200, proxied.status(), proxied.body());
        assertTrue(proxied.body().contains("\"path\":\"/about\""), proxied.body());
    }
}
