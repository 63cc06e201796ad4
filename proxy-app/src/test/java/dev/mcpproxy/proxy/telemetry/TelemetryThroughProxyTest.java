package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.resilience.UpstreamGuards;
import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy's spans and metrics for real requests: a client with its own trace calls a tool through
 * a governed proxy, and the upstream receives a {@code traceparent} that continues that trace.
 */
class TelemetryThroughProxyTest {
    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static final List<String> emf = new CopyOnWriteArrayList<>();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static TraceRecordingUpstream upstream;
    private static Metrics metrics;
    private static ProxyApplication proxy;

    @BeforeAll
    static void start() throws Exception {
        upstream = new TraceRecordingUpstream();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        metrics = Metrics.emf(new MetricsConfig(true, "Test/Proxy", 60, Map.of("Environment", "test"), 100), emf::add,
                Clock.systemUTC());
        ProxyConfig config = new ProxyConfig(new ServerConfig("127.0.0.1", 0, null, SessionMode.STATELESS, null, null,
                1, null, null), List.of(UpstreamConfig.of("rec", upstream.url()).withToolPrefix("rec")),
                new FederationConfig(null, 0), null).validate();
        proxy = ProxyApplication.builder(config)
                .governance(new GovernanceChain(List.of(new Allowing("audit"), new Denying("policy", "rec__secret"))))
                .telemetry(Telemetry.of(metrics, Tracing.using(sdk)))
                // The upstream's tool fail has a timeout of its own.
                .upstreamGuards(new UpstreamGuards(Map.of("rec",
                        new ResilienceConfig(null, Map.of("fail", 30_000), null, null, null, null))))
                .start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        upstream.close();
    }

    @BeforeEach
    void clear() {
        spans.reset();
        metrics.flush();
        emf.clear();
    }

    private static JsonNode call(int id, String method, Map<String, ?> params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static SpanData span(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems()));
    }

    private static List<JsonNode> emfDocuments() {
        metrics.flush();
        emf.forEach(line -> assertThat(EmfSpecification.violations(line)).as(line).isEmpty());
        return emf.stream().map(EmfSpecification::parse).toList();
    }

    @Test
    void aGovernedToolCallIsOneTraceFromTheClientThroughTheStagesToTheUpstream() throws Exception {
        JsonNode answer = call(1, "tools/call", Map.of("name", "rec__echo", "arguments", Map.of()));
        assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("echo");

        SpanData server = span("tools/call rec__echo");
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("mcp.method.name"))).isEqualTo("tools/call");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("rec__echo");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("jsonrpc.request.id"))).isEqualTo("1");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("enduser.id"))).isEqualTo("anonymous");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("mcp_proxy.upstream"))).isEqualTo("rec");

        List<SpanData> stages = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().startsWith("governance ")).toList();
        assertThat(stages).extracting(s -> s.getName() + ":"
                        + s.getAttributes().get(AttributeKey.stringKey("mcp_proxy.governance.phase")))
                .containsExactly("governance audit:request", "governance policy:request", "governance policy:result",
                        "governance audit:result");
        assertThat(stages).allSatisfy(stage -> assertThat(stage.getParentSpanId()).isEqualTo(server.getSpanId()));

        SpanData client = span("tools/call echo");
        assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(client.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("echo");

        assertThat(upstream.traceparentOf("tools/call"))
                .isEqualTo("00-" + CLIENT_TRACE + "-" + client.getSpanId() + "-01");
    }

    @Test
    void aToolWithItsOwnTimeoutStillSendsTheClientsTraceUpstream() throws Exception {
        JsonNode answer = call(3, "tools/call", Map.of("name", "rec__fail", "arguments", Map.of()));
        assertThat(answer.at("/result/isError").asBoolean()).as(answer.toString()).isTrue();

        SpanData client = span("tools/call fail");
        assertThat(client.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(upstream.traceparentOf("tools/call"))
                .isEqualTo("00-" + CLIENT_TRACE + "-" + client.getSpanId() + "-01");
    }

    @Test
    void aDeniedCallEndsAtTheDenyingStageAndIsCounted() throws Exception {
        JsonNode answer = call(2, "tools/call", Map.of("name", "rec__secret", "arguments", Map.of()));
        assertThat(answer.at("/error/code").asInt()).isEqualTo(JsonRpcErrors.FORBIDDEN);

        SpanData server = span("tools/call rec__secret");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("-32003");
        SpanData policy = span("governance policy");
        assertThat(policy.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(policy.getAttributes().get(AttributeKey.stringKey("mcp_proxy.outcome"))).isEqualTo("denied");
        assertThat(spans.getFinishedSpanItems()).noneMatch(s -> s.getKind() == SpanKind.CLIENT);

        List<JsonNode> documents = emfDocuments();
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Stage").asText()).isEqualTo("policy");
            assertThat(d.path("Outcome").asText()).isEqualTo("denied");
            assertThat(d.path("Denials").asInt()).isEqualTo(1);
        });
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Tool").asText()).isEqualTo("rec__secret");
            assertThat(d.path("ToolCalls").asInt()).isEqualTo(1);
            assertThat(d.path("Outcome").asText()).isEqualTo("denied");
        });
    }

    @Test
    void requestsToolCallsAndUpstreamLatencyBecomeEmfMetrics() throws Exception {
        call(3, "tools/call", Map.of("name", "rec__echo", "arguments", Map.of()));
        call(4, "tools/call", Map.of("name", "rec__echo", "arguments", Map.of()));
        call(5, "tools/list", Map.of());

        List<JsonNode> documents = emfDocuments();
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Method").asText()).isEqualTo("tools/call");
            assertThat(d.path("Outcome").asText()).isEqualTo("ok");
            assertThat(d.path("Requests").asInt()).isEqualTo(2);
            assertThat(d.path("Environment").asText()).isEqualTo("test");
        });
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Method").asText()).isEqualTo("tools/list");
            assertThat(d.path("Requests").asInt()).isEqualTo(1);
        });
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Tool").asText()).isEqualTo("rec__echo");
            assertThat(d.path("ToolCalls").asInt()).isEqualTo(2);
        });
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Upstream").asText()).isEqualTo("rec");
            assertThat(d.path("UpstreamLatency").size()).isEqualTo(2);
        });
        assertThat(documents).noneMatch(d -> d.has("UpstreamErrors"));
    }

    @Test
    void aToolThatReportsAnErrorIsAToolErrorOutcome() throws Exception {
        JsonNode answer = call(6, "tools/call", Map.of("name", "rec__fail", "arguments", Map.of()));
        assertThat(answer.at("/result/isError").asBoolean()).isTrue();

        SpanData server = span("tools/call rec__fail");
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("tool_error");
        assertThat(span("tools/call fail").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(emfDocuments()).anySatisfy(d -> {
            assertThat(d.path("Tool").asText()).isEqualTo("rec__fail");
            assertThat(d.path("Outcome").asText()).isEqualTo("tool_error");
        });
    }

    @Test
    void withoutAnInboundTraceTheProxyStartsOneAndStillPropagatesIt() throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call",
                "params", Map.of("name", "rec__echo", "arguments", Map.of())));
        http.send(HttpRequest.newBuilder(proxy.endpoint()).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        SpanData server = span("tools/call rec__echo");
        assertThat(server.getParentSpanContext().isValid()).isFalse();
        // Flags 03: sampled, and (W3C level 2) a trace id the proxy generated randomly.
        assertThat(upstream.traceparentOf("tools/call"))
                .isEqualTo("00-" + server.getTraceId() + "-" + span("tools/call echo").getSpanId() + "-03");
    }

    @Test
    void unknownMethodsAndToolsNeverBecomeDimensionValues() throws Exception {
        call(8, "made/up-" + System.nanoTime(), Map.of());
        call(9, "tools/call", Map.of("name", "rec__no_such_tool", "arguments", Map.of()));

        List<JsonNode> documents = emfDocuments();
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Method").asText()).isEqualTo("unknown");
            assertThat(d.path("Outcome").asText()).isEqualTo("not_found");
        });
        assertThat(documents).noneMatch(d -> d.path("Method").asText().startsWith("made/up"));
        assertThat(documents).noneMatch(d -> d.has("Tool"));
    }

    /** Lets everything through. */
    @Test
    void clientIdsAndSessionHeadersOfFreeTextStayOffTheSpans() throws Exception {
        String email = "jane.doe.canary@example.org";
        String session = "sess-canary " + "s".repeat(300);
        for (Object id : List.of(email, "x".repeat(1024 * 1024), "req-17")) {
            String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                    "params", Map.of("name", "rec__echo", "arguments", Map.of())));
            http.send(HttpRequest.newBuilder(proxy.endpoint()).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream").header("Mcp-Session-Id", session)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        List<SpanData> servers = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("tools/call rec__echo")).toList();
        assertThat(servers).hasSize(3);
        assertThat(servers).extracting(s -> s.getAttributes().get(AttributeKey.stringKey("jsonrpc.request.id")))
                .containsExactlyInAnyOrder(null, null, "req-17");
        assertThat(spans.getFinishedSpanItems().toString()).doesNotContain("canary").doesNotContain("xxxxxxxx");
    }

    private record Allowing(String name) implements GovernanceStage {
    }

    /** Denies one tool, like a policy would. */
    private record Denying(String name, String deniedTool) implements GovernanceStage {
        @Override
        public void onRequest(Exchange exchange) throws GovernanceException {
            if (deniedTool.equals(exchange.target())) {
                throw new GovernanceException(JsonRpcErrors.FORBIDDEN, "not permitted");
            }
        }
    }
}
