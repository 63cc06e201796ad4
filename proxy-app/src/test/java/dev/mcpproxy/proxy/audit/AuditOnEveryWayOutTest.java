package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthenticator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly one audit event per governed request on every way out of the proxy, an unexpected
 * exception included: in any stage, on the way in or out, and in the upstream call.
 */
class AuditOnEveryWayOutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    /** Where the next request blows up: "stage/phase", "upstream", or "" for nowhere. */
    private static volatile String explodeAt = "";

    private static DemoUpstream demo;
    private static ProxyApplication proxy;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoUpstream.start("127.0.0.1", 0);
        AuditTrail trail = new AuditTrail(new AuditSink() {
            @Override
            public void write(AuditEvent event) {
                events.add(event);
            }

            @Override
            public long droppedEvents() {
                return 0;
            }

            @Override
            public void close() {
            }
        }, new ArgumentDigest("audit-on-every-way-out".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());
        ProxyConfig config = new ProxyConfig(new ServerConfig("127.0.0.1", 0, null, SessionMode.STATELESS, null, null,
                1, null, null), List.of(UpstreamConfig.of("demo", demo.url().toString())),
                new FederationConfig(null, 0), null).validate();
        UpstreamAuthenticator exploding = (method, uri, headers, body) -> {
            if ("upstream".equals(explodeAt)) {
                throw new IllegalStateException("injected in the upstream call");
            }
            return Map.of();
        };
        proxy = ProxyApplication.builder(config)
                .governance(new GovernanceChain(List.of(new Exploding("outer"), new Exploding("inner")), List.of(),
                        trail))
                .upstreamAuthenticators(upstream -> exploding)
                .start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        demo.close();
    }

    @BeforeEach
    void clear() {
        explodeAt = "";
        events.clear();
    }

    @ParameterizedTest
    @CsvSource({"outer/request", "inner/request", "inner/result", "outer/result", "upstream"})
    void anUnexpectedExceptionIsAnsweredAsAnInternalErrorAndAuditedOnce(String where) throws Exception {
        explodeAt = where;
        JsonNode answer = call();
        assertThat(answer.at("/error/code").asInt()).as(answer.toString()).isEqualTo(JsonRpcErrors.INTERNAL_ERROR);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.get(AuditFields.OUTCOME)).isEqualTo("error");
            assertThat(event.get(AuditFields.ERROR_CODE)).isEqualTo(JsonRpcErrors.INTERNAL_ERROR);
            assertThat(event.get(AuditFields.TARGET)).isEqualTo("lookup_customer");
        });
    }

    @Test
    void aSuccessIsAuditedOnce() throws Exception {
        JsonNode answer = call();
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        assertThat(events).singleElement().satisfies(event -> assertThat(event.get(AuditFields.OUTCOME)).isEqualTo("ok"));
    }

    private static JsonNode call() throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", Map.of("name", "lookup_customer", "arguments", Map.of("customerId", "C-1001"))));
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A stage that throws a runtime exception where {@link #explodeAt} says. */
    private record Exploding(String name) implements GovernanceStage {
        @Override
        public void onRequest(Exchange exchange) {
            explodeIf("request");
        }

        @Override
        public void onResult(Exchange exchange, ObjectNode result) {
            explodeIf("result");
        }

        private void explodeIf(String phase) {
            if ((name + "/" + phase).equals(explodeAt)) {
                throw new IllegalStateException("injected in " + explodeAt);
            }
        }
    }
}
