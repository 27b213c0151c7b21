package example.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A web app that maps only {@code /}, as the Spring Boot template's controller does; other paths get its own 404. */
public final class WebFramework {
    public static void main(String[] args) throws IOException {
        int port = Integer.getInteger("server.port", 8080);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", WebFramework::answer);
        server.start();
        System.out.println("Started WebFramework on port(s): " + port);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean root = path.equals("/");
        String body = root
                ? "<html><head><title>springboot-shape</title></head><body><h1>Web Framework on "
                        + System.getProperty("java.version") + "</h1></body></html>"
                : "{\"status\":404,\"error\":\"Not Found\",\"path\":\"" + path + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", root ? "text/html;charset=UTF-8" : "application/json");
        exchange.sendResponseHeaders(root ? 200 : 404, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
