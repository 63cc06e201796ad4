package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.ConfigLoader;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyAssembly;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
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
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spans and denial metrics of the governance chain exactly as {@link ProxyAssembly} builds it from
 * a configuration with every stage and the audit trail on: one span per stage, a denial counted
 * under the stage that denied, and the policy and PII facts of the audit event counted as metrics.
 */
class AssembledChainTelemetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static final List<String> emf = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;
    private static DemoUpstream demo;
    private static Metrics metrics;
    private static ProxyAssembly assembly;
    private static ProxyApplication proxy;
    private static Path auditFile;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoUpstream.start("127.0.0.1", 0);
        auditFile = dir.resolve("audit.jsonl");
        ProxyConfig config = new ConfigLoader(Map.of("DEMO_URL", demo.url().toString(),
                "AUDIT_FILE", auditFile.toString())).parse("""
                server: {host: 127.0.0.1, port: 0}
                identity: {mode: none}
                upstreams:
                  - name: demo
                    url: ${DEMO_URL}
                rateLimits:
                  buckets:
                    - {name: calls, keyBy: [principal], rate: 1000, periodSeconds: 60, burst: 1000}
                policy:
                  enabled: true
                  schema: classpath:governance/mcp.cedarschema
                  policies: [classpath:governance/demo-policies.cedar]
                audit: {stdout: false, file: "${AUDIT_FILE}"}
                """, "assembled-chain-test.yaml").validate();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        metrics = Metrics.emf(new MetricsConfig(true, "Test/Proxy", 60, Map.of("Environment", "test"), 100), emf::add,
                Clock.systemUTC());
        assembly = ProxyAssembly.create(config);
        proxy = assembly.start(Telemetry.of(metrics, Tracing.using(sdk)));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        assembly.close();
        demo.close();
    }

    @BeforeEach
    void clear() {
        spans.reset();
        metrics.flush();
        emf.clear();
    }

    @Test
    void everyStageRunsInItsOwnSpanUnderTheServerSpanInBothDirections() throws Exception {
        JsonNode answer = call(1, "lookup_customer", Map.of("customerId", "C-1001"));
        assertThat(answer.has("result")).as(answer.toString()).isTrue();

        SpanData server = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER)
                .findFirst().orElseThrow();
        List<String> stages = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().startsWith("governance "))
                .peek(s -> assertThat(s.getParentSpanId()).isEqualTo(server.getSpanId()))
                .map(s -> s.getName().substring("governance ".length()) + "/"
                        + s.getAttributes().get(AttributeKey.stringKey("mcp_proxy.governance.phase")))
                .toList();
        assertThat(stages).containsExactly(
                "audit/request", "rateLimit/request", "policy/request", "validation/request", "pii/request",
                "pii/result", "validation/result", "policy/result", "rateLimit/result", "audit/result");
        assertThat(spans.getFinishedSpanItems()).anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(s.getParentSpanId()).isEqualTo(server.getSpanId());
        });
    }

    @Test
    void theAssembledAuditTrailReportsItsDroppedEventsAtEveryFlush() {
        metrics.flush();
        List<JsonNode> dropped = emf.stream().map(EmfSpecification::parse).filter(d -> d.has("AuditEventsDropped"))
                .toList();
        assertThat(dropped).singleElement().satisfies(d -> {
            assertThat(d.path("AuditEventsDropped").asLong()).isZero();
            assertThat(d.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("Count");
        });
    }

    @Test
    void aPolicyDenialIsThePolicyStagesSpanAndCountsUnderPolicy() throws Exception {
        JsonNode answer = call(2, "update_email", Map.of("customerId", "C-1001", "email", "a@example.com"));
        assertThat(answer.at("/error/code").asInt()).as(answer.toString()).isEqualTo(JsonRpcErrors.FORBIDDEN);

        SpanData policy = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("governance policy"))
                .findFirst().orElseThrow();
        assertThat(policy.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getName().startsWith("governance "))
                .filteredOn(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                .extracting(SpanData::getName).containsExactly("governance policy");

        metrics.flush();
        List<JsonNode> denials = emf.stream().map(EmfSpecification::parse).filter(d -> d.has("Denials")).toList();
        assertThat(denials).singleElement().satisfies(d -> {
            assertThat(d.path("Stage").asText()).isEqualTo("policy");
            assertThat(d.path("Outcome").asText()).isEqualTo("denied");
            assertThat(d.path("Denials").asInt()).isEqualTo(1);
        });
        assertThat(auditLines("update_email")).anySatisfy(line -> {
            JsonNode event = JSON.readTree(line);
            assertThat(event.path("target").asText()).isEqualTo("update_email");
            assertThat(event.path("errorCode").asInt()).isEqualTo(JsonRpcErrors.FORBIDDEN);
        });
        JsonNode denied = auditEvent("update_email");
        assertThat(denied.path("policyIds")).isNotEmpty();
        assertThat(emf.stream().map(EmfSpecification::parse).filter(d -> d.has("PolicyDenials")))
                .extracting(d -> d.path("Policy").asText())
                .containsExactlyInAnyOrderElementsOf(texts(denied.path("policyIds")));
    }

    @Test
    void personalDataTheStagesFoundIsCountedByType() throws Exception {
        JsonNode answer = call(3, "lookup_customer", Map.of("customerId", "C-1001"));
        assertThat(answer.has("result")).as(answer.toString()).isTrue();

        metrics.flush();
        JsonNode detected = auditEvent("lookup_customer").at("/pii/result/detected");
        assertThat(detected.properties()).isNotEmpty();
        List<JsonNode> documents = emf.stream().map(EmfSpecification::parse).toList();
        detected.properties().forEach(type -> assertThat(documents)
                .filteredOn(d -> type.getKey().equals(d.path("PiiType").asText()))
                .singleElement().satisfies(d -> assertThat(d.path("PiiDetections").asInt())
                        .isEqualTo(type.getValue().asInt())));
        assertThat(documents).filteredOn(d -> "outbound".equals(d.path("Direction").asText()))
                .singleElement().satisfies(d -> assertThat(d.path("PiiPathDetections").asInt())
                        .isEqualTo(detected.properties().stream().mapToInt(type -> type.getValue().asInt()).sum()));
    }

    /** The last audit event of a request for {@code target}. */
    private static JsonNode auditEvent(String target) throws Exception {
        JsonNode last = null;
        for (String line : auditLines(target)) {
            JsonNode event = JSON.readTree(line);
            if (target.equals(event.path("target").asText())) {
                last = event;
            }
        }
        assertThat(last).as("audit event for " + target).isNotNull();
        return last;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    /** The audit file once an event naming {@code expected} is in it (the trail writes off the request path). */
    private static List<String> auditLines(String expected) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(auditFile) && Files.readString(auditFile).contains(expected))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return Files.readAllLines(auditFile);
    }

    private static JsonNode call(int id, String tool, Map<String, ?> arguments) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call",
                "params", Map.of("name", tool, "arguments", arguments)));
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
