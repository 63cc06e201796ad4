package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.resilience.UpstreamGuards;
import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** A proxy started in the test's JVM on a free port, plus raw HTTP helpers for the endpoint. */
public final class ProxyUnderTest implements AutoCloseable {
    public static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProxyApplication application;
    private final HttpClient http = HttpClient.newHttpClient();

    private ProxyUnderTest(ProxyApplication application) {
        this.application = application;
    }

    public static ProxyUnderTest start(SessionMode mode, List<UpstreamConfig> upstreams) throws Exception {
        return start(server(mode), upstreams, CallerAuthenticator.NONE);
    }

    public static ProxyUnderTest start(ServerConfig server, List<UpstreamConfig> upstreams,
                                       CallerAuthenticator authenticator) throws Exception {
        return start(server, upstreams, authenticator, GovernanceChain.EMPTY);
    }

    public static ProxyUnderTest start(ServerConfig server, List<UpstreamConfig> upstreams,
                                       CallerAuthenticator authenticator, GovernanceChain governance) throws Exception {
        ProxyConfig config = new ProxyConfig(server, upstreams, new FederationConfig(null, 0), null).validate();
        return new ProxyUnderTest(ProxyApplication.builder(config).callerAuthenticator(authenticator)
                .governance(governance).start());
    }

    /** With each upstream's resilience settings in force (circuit breaker, retries), as deployed. */
    public static ProxyUnderTest startGuarded(ServerConfig server, List<UpstreamConfig> upstreams) throws Exception {
        ProxyConfig config = new ProxyConfig(server, upstreams, new FederationConfig(null, 0), null).validate();
        Map<String, ResilienceConfig> resilience = new java.util.LinkedHashMap<>();
        upstreams.forEach(upstream -> resilience.put(upstream.name(), upstream.resilience()));
        return new ProxyUnderTest(ProxyApplication.builder(config).upstreamGuards(new UpstreamGuards(resilience))
                .start());
    }

    /** Loopback, a free port, quick shutdown. */
    public static ServerConfig server(SessionMode mode) {
        return new ServerConfig("127.0.0.1", 0, null, mode, null, null, 1, null, null);
    }

    public URI endpoint() {
        return application.endpoint();
    }

    public URI uri(String path) {
        return endpoint().resolve(path);
    }

    public ProxyApplication application() {
        return application;
    }

    /** A POST with the headers a well-behaved client sends, plus {@code extra} header pairs. */
    public HttpResponse<String> post(String body, String... extra) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < extra.length; i += 2) {
            request.setHeader(extra[i], extra[i + 1]);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends without reading the body, for streams that stay open. */
    public HttpResponse<java.io.InputStream> sendStreaming(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    public static String request(Object id, String method, Map<String, ?> params) throws IOException {
        return JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
    }

    @Override
    public void close() {
        application.close();
    }
}
