package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EmfMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T21:00:00Z");
    private final List<String> lines = new ArrayList<>();

    private Metrics metrics(Map<String, String> fixed, int maxValues) {
        return Metrics.emf(new MetricsConfig(true, "Test/Proxy", 60, fixed, maxValues), lines::add,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private List<JsonNode> documents() {
        lines.forEach(line -> assertThat(EmfSpecification.violations(line)).as(line).isEmpty());
        return lines.stream().map(EmfSpecification::parse).toList();
    }

    private JsonNode documentWith(String member, String value) {
        return documents().stream().filter(d -> value.equals(d.path(member).asText())).findFirst().orElseThrow();
    }

    @Test
    void countersAreSummedPerSeriesAndWrittenAsValidEmf() {
        ProxyMetrics proxy = new ProxyMetrics(metrics(Map.of("Environment", "dev"), 100));
        proxy.request("tools/call", Outcome.OK, 12.5);
        proxy.request("tools/call", Outcome.OK, 7.5);
        proxy.request("tools/call", Outcome.DENIED, 1);
        proxy.metrics().flush();

        JsonNode ok = documents().stream().filter(d -> "ok".equals(d.path("Outcome").asText())).findFirst().orElseThrow();
        assertThat(ok.at("/_aws/Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        JsonNode directive = ok.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.path("Namespace").asText()).isEqualTo("Test/Proxy");
        assertThat(directive.path("Dimensions").toString())
                .isEqualTo("[[\"Environment\",\"Method\",\"Outcome\"],[\"Environment\"]]");
        assertThat(directive.path("Metrics").toString()).isEqualTo("[{\"Name\":\"Requests\",\"Unit\":\"Count\"}]");
        assertThat(ok.path("Requests").asDouble()).isEqualTo(2);
        assertThat(ok.path("Environment").asText()).isEqualTo("dev");
        assertThat(ok.path("Method").asText()).isEqualTo("tools/call");

        JsonNode latency = documents().stream().filter(d -> d.has("RequestLatency")).findFirst().orElseThrow();
        assertThat(latency.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("Milliseconds");
        assertThat(latency.path("RequestLatency").toString()).isEqualTo("[12.5,7.5,1]");
    }

    @Test
    void moreThanOneHundredSamplesAreSplitOverDocuments() {
        Metrics metrics = metrics(Map.of(), 100);
        for (int i = 0; i < 250; i++) {
            metrics.record("UpstreamLatency", Unit.MILLISECONDS, i, Dimensions.of("Upstream", "crm"));
        }
        metrics.count("UpstreamErrors", Dimensions.of("Upstream", "crm"));
        metrics.flush();

        List<JsonNode> documents = documents();
        assertThat(documents).hasSize(3);
        assertThat(documents).extracting(d -> d.path("UpstreamLatency").size()).containsExactly(100, 100, 50);
        assertThat(documents).filteredOn(d -> d.has("UpstreamErrors")).hasSize(1);
        assertThat(documents.get(1).at("/_aws/CloudWatchMetrics/0/Metrics").size()).isEqualTo(1);
    }

    @Test
    void dimensionValuesAreBoundedAndOverflowIsReportedAsOther() {
        ProxyMetrics proxy = new ProxyMetrics(metrics(Map.of(), 2));
        proxy.toolCall("a", Outcome.OK);
        proxy.toolCall("b", Outcome.OK);
        proxy.toolCall("c", Outcome.OK);
        proxy.toolCall("d", Outcome.OK);
        proxy.metrics().flush();

        assertThat(documents()).extracting(d -> d.path("Tool").asText()).containsExactlyInAnyOrder("a", "b", "other");
        assertThat(documentWith("Tool", "other").path("ToolCalls").asInt()).isEqualTo(2);
    }

    @Test
    void aFlushWritesOnlyWhatWasRecordedSinceTheLastOne() {
        Metrics metrics = metrics(Map.of(), 100);
        metrics.count("Requests", Dimensions.NONE);
        metrics.flush();
        metrics.flush();

        assertThat(documents()).hasSize(1);
        assertThat(documents().getFirst().at("/_aws/CloudWatchMetrics/0/Dimensions").toString()).isEqualTo("[[]]");
    }

    @Test
    void gaugesAreReadAtEveryFlush() {
        AtomicBoolean open = new AtomicBoolean(true);
        ProxyMetrics proxy = new ProxyMetrics(metrics(Map.of(), 100));
        proxy.circuitState("crm", open::get);
        proxy.metrics().flush();
        open.set(false);
        proxy.metrics().flush();

        assertThat(documents()).extracting(d -> d.path("CircuitOpen").asInt()).containsExactly(1, 0);
        assertThat(documents().getFirst().at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("None");
    }

    @Test
    void droppedAuditEventsAreReportedAsWhatEachFlushPeriodLost() {
        AtomicLong droppedSoFar = new AtomicLong(3);
        ProxyMetrics proxy = new ProxyMetrics(metrics(Map.of(), 100));
        proxy.auditEventsDropped(droppedSoFar::get);
        proxy.metrics().flush();
        proxy.metrics().flush();
        droppedSoFar.set(5);
        proxy.metrics().flush();

        assertThat(documents()).extracting(d -> d.path("AuditEventsDropped").asLong()).containsExactly(3L, 0L, 2L);
        assertThat(documents().getFirst().at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("Count");
    }

    @Test
    void piiDetectionsAreCountedFromThePiiStagesFacts() {
        ProxyMetrics proxy = new ProxyMetrics(metrics(Map.of(), 100));
        RequestFacts facts = new RequestFacts();
        facts.piiDetected(Map.of("EMAIL", 2, "IBAN", 1), Map.of("EMAIL", 4));
        proxy.piiDetections("tools/call", facts);
        proxy.metrics().flush();

        assertThat(documentWith("PiiType", "EMAIL").path("PiiDetections").asInt()).isEqualTo(6);
        assertThat(documentWith("PiiType", "IBAN").path("PiiDetections").asInt()).isEqualTo(1);
        assertThat(documents()).filteredOn(d -> "inbound".equals(d.path("Direction").asText()))
                .singleElement().satisfies(d -> {
                    assertThat(d.path("Method").asText()).isEqualTo("tools/call");
                    assertThat(d.path("PiiPathDetections").asInt()).isEqualTo(3);
                });
        assertThat(documentWith("Direction", "outbound").path("PiiPathDetections").asInt()).isEqualTo(4);
    }

    @Test
    void disabledMetricsWriteNothing() {
        Metrics metrics = Metrics.emf(new MetricsConfig(false, null, null, null, null), lines::add, Clock.systemUTC());
        metrics.count("Requests", Dimensions.NONE);
        metrics.flush();

        assertThat(metrics.enabled()).isFalse();
        assertThat(lines).isEmpty();
    }

    @Test
    void theCheckerRejectsDocumentsThatBreakTheSpecification() {
        assertThat(EmfSpecification.violations("{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"n\","
                + "\"Dimensions\":[[\"Tool\"]],\"Metrics\":[{\"Name\":\"Calls\",\"Unit\":\"Calls\"}]}]}}"))
                .contains("dimension \"Tool\" must be a top-level string member",
                        "unit of Calls is not a CloudWatch unit: \"Calls\"", "metric Calls has no top-level member");
    }
}
