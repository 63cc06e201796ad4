package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Where the request path calls the governance chain and the caller authenticator, and what it does with them. */
class GovernanceAndCallerAuthenticationTest {
    private static final String TOKEN = "Bearer good-token";
    private static final String CHALLENGE = "Bearer resource_metadata=\"http://localhost/.well-known/oauth-protected-resource\"";
    private static final List<String> trace = new CopyOnWriteArrayList<>();
    private static final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private static DemoUpstream demo;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoUpstream.start("127.0.0.1", 0);
        GovernanceChain chain = new GovernanceChain(List.of(new Recorder("outer"), new Recorder("inner"),
                new ChargeBlocker()));
        proxy = ProxyUnderTest.start(ProxyUnderTest.server(SessionMode.STATELESS),
                List.of(UpstreamConfig.of("demo", demo.url().toString()).withToolPrefix("crm")),
                new TokenAuthenticator(), chain);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        demo.close();
    }

    @BeforeEach
    void clear() {
        trace.clear();
        exchanges.clear();
    }

    @Test
    void stagesSeeTheRoutedRequestInOrderAndTheResultInReverseOrder() throws Exception {
        JsonNode answer = json(proxy.post(request(1, "tools/call", Map.of("name", "crm__lookup_customer",
                "arguments", Map.of("customerId", "C-1001"))), "Authorization", TOKEN));

        assertThat(trace).containsExactly("outer:request", "inner:request", "inner:result", "outer:result");
        Exchange exchange = exchanges.getFirst();
        assertThat(exchange.method()).isEqualTo("tools/call");
        assertThat(exchange.upstream()).isEqualTo("demo");
        assertThat(exchange.target()).isEqualTo("crm__lookup_customer");
        assertThat(exchange.upstreamTarget()).isEqualTo("lookup_customer");
        assertThat(exchange.descriptor().path("name").asText()).isEqualTo("lookup_customer");
        assertThat(exchange.principal().id()).isEqualTo("alice");
        assertThat(exchange.requestId().asInt()).isEqualTo(1);
        assertThat(answer.at("/result/_meta/governedBy").asText()).isEqualTo("outer");
    }

    @Test
    void aRejectingStageBecomesTheJsonRpcErrorAndTheUpstreamIsNotCalled() throws Exception {
        JsonNode answer = json(proxy.post(request(2, "tools/call", Map.of("name", "crm__charge_card",
                "arguments", Map.of())), "Authorization", TOKEN));

        assertThat(answer.at("/error/code").asInt()).isEqualTo(JsonRpcErrors.FORBIDDEN);
        assertThat(answer.at("/error/message").asText()).isEqualTo("charging cards is not permitted");
        assertThat(trace).doesNotContain("inner:result", "outer:result");
    }

    @Test
    void stagesFilterListings() throws Exception {
        JsonNode tools = json(proxy.post(request(3, "tools/list", Map.of()), "Authorization", TOKEN)).at("/result/tools");

        assertThat(tools.findValuesAsText("name")).contains("crm__lookup_customer").doesNotContain("crm__update_email");
        assertThat(trace).contains("inner:listing tools/list", "outer:listing tools/list");
    }

    @Test
    void missingCredentialsAre401WithTheAuthenticatorsChallenge() throws Exception {
        HttpResponse<String> response = proxy.post(request(4, "tools/list", Map.of()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(JsonRpcErrors.UNAUTHENTICATED);
    }

    @Test
    void theLocalUnauthenticatedHealthProbeAlwaysSucceeds() throws Exception {
        HttpResponse<String> initialize = proxy.post("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"probe","version":"1"}}}""");
        HttpResponse<String> ping = proxy.post(request(5, "ping", Map.of()));

        assertThat(initialize.statusCode()).isEqualTo(200);
        assertThat(ping.statusCode()).isEqualTo(200);
    }

    @Test
    void servesTheAuthenticatorsProtectedResourceMetadata() throws Exception {
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(
                proxy.uri("/.well-known/oauth-protected-resource")).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("resource").asText()).endsWith(":" + proxy.endpoint().getPort() + "/mcp");
        assertThat(json(response).path("authorization_servers").get(0).asText()).isEqualTo("https://issuer.example");
    }

    private record Recorder(String name) implements GovernanceStage {
        @Override
        public void onRequest(Exchange exchange) {
            trace.add(name + ":request");
            exchanges.add(exchange);
        }

        @Override
        public void onResult(Exchange exchange, ObjectNode result) {
            trace.add(name + ":result");
            result.withObject("_meta").put("governedBy", name);
        }

        @Override
        public void onListing(Exchange exchange, ArrayNode items) {
            trace.add(name + ":listing " + exchange.method());
            for (int i = items.size() - 1; i >= 0; i--) {
                if (items.get(i).path("name").asText().endsWith("update_email")) {
                    items.remove(i);
                }
            }
        }
    }

    private static final class ChargeBlocker implements GovernanceStage {
        @Override
        public String name() {
            return "charge-blocker";
        }

        @Override
        public void onRequest(Exchange exchange) throws GovernanceException {
            if ("charge_card".equals(exchange.upstreamTarget())) {
                throw new GovernanceException(JsonRpcErrors.FORBIDDEN, "charging cards is not permitted");
            }
        }
    }

    private static final class TokenAuthenticator implements CallerAuthenticator {
        @Override
        public Principal authenticate(InboundRequest request) throws AuthenticationFailure {
            if (TOKEN.equals(request.headers().get("authorization"))) {
                return new Principal("alice", "client-1", Set.of(), Set.of(), Map.of(), false);
            }
            if (request.healthProbe()) {
                return Principal.ANONYMOUS;
            }
            throw new AuthenticationFailure(401, "a bearer token is required", CHALLENGE);
        }

        @Override
        public Optional<ObjectNode> protectedResourceMetadata(String resourceUrl) {
            ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("resource", resourceUrl);
            metadata.putArray("authorization_servers").add("https://issuer.example");
            return Optional.of(metadata);
        }
    }
}
