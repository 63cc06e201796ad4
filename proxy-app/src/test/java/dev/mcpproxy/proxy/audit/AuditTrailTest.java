package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Audit events field by field, digests instead of values, bounded queue, nothing lost on close. */
class AuditTrailTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:30Z"), ZoneOffset.UTC);
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Principal ALICE = new Principal("alice", "web-app", Set.of("mcp/invoke"), Set.of("support"),
            Map.of("email", "alice@example.com"), false);

    private final StringWriter output = new StringWriter();
    private final AuditTrail trail = new AuditTrail(new JsonLinesAuditSink(100, List.of(output)), new ArgumentDigest(KEY),
            CLOCK);

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Exchange call(String arguments) {
        return new Exchange("tools/call", json("{\"name\":\"crm__get_customer\",\"arguments\":" + arguments + "}"), ALICE,
                "session-9", IntNode.valueOf(42), new AuditEvent())
                .route("crm", "crm__get_customer", "get_customer", json("{\"name\":\"get_customer\"}"));
    }

    private List<JsonNode> lines() throws IOException {
        trail.close();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : output.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void theClientsIdReachesTheTrailOnlyAsABoundedDigest() throws IOException {
        String planted = "jane.doe.private@example.org" + "x".repeat(1024 * 1024);
        Exchange exchange = new Exchange("tools/call", json("{\"name\":\"crm__get_customer\",\"arguments\":{}}"),
                ALICE, "session-9", JSON.getNodeFactory().textNode(planted), new AuditEvent());
        trail.onRequest(exchange);
        trail.complete(exchange, null);

        String line = lines().getFirst().toString();

        assertThat(line).doesNotContain("jane.doe.private").doesNotContain("xxxxxxxx");
        assertThat(line.length()).isLessThan(1000);
    }

    @Test
    void aSuccessfulCallIsOneLineWithEveryField() throws IOException {
        Exchange exchange = call("{\"customerId\":\"c-17\",\"note\":\"call back\"}");
        trail.onRequest(exchange);
        exchange.audit().put(AuditFields.DECISION, "allow").put(AuditFields.POLICY_IDS, List.of("support-reads"));
        trail.onResult(exchange, json("{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"isError\":false}"));
        trail.complete(exchange, null);

        JsonNode event = lines().getFirst();

        assertThat(event.get("kind").asText()).isEqualTo("audit");
        assertThat(event.get("auditVersion").asInt()).isEqualTo(2);
        assertThat(event.get("ts").asText()).isEqualTo("2026-11-24T10:15:30Z");
        // The proxy's own id; the client's id (42) only as a keyed digest.
        assertThat(java.util.UUID.fromString(event.get("requestId").asText())).isNotNull();
        assertThat(event.get("clientRequestIdDigest").asText())
                .isEqualTo(new ArgumentDigest(KEY).digest(JSON.getNodeFactory().numberNode(42)).value());
        assertThat(event.get("sessionId").asText()).isEqualTo("session-9");
        assertThat(event.get("principal").asText()).isEqualTo("alice");
        assertThat(event.get("clientId").asText()).isEqualTo("web-app");
        assertThat(event.get("groups")).containsExactly(JSON.getNodeFactory().textNode("support"));
        assertThat(event.get("method").asText()).isEqualTo("tools/call");
        assertThat(event.get("upstream").asText()).isEqualTo("crm");
        assertThat(event.get("target").asText()).isEqualTo("crm__get_customer");
        assertThat(event.get("decision").asText()).isEqualTo("allow");
        assertThat(event.get("policyIds").get(0).asText()).isEqualTo("support-reads");
        assertThat(event.get("argsDigest").asText()).startsWith("hmac-sha256:").hasSize("hmac-sha256:".length() + 43);
        assertThat(event.get("argsBytes").asInt()).isEqualTo("{\"customerId\":\"c-17\",\"note\":\"call back\"}".length());
        assertThat(event.get("upstreamStatus").asText()).isEqualTo("ok");
        assertThat(event.get("resultBytes").asInt()).isPositive();
        assertThat(event.get("isError").asBoolean()).isFalse();
        assertThat(event.get("outcome").asText()).isEqualTo("ok");
        assertThat(event.has("errorCode")).isFalse();
        assertThat(event.get("latencyMs").asLong()).isNotNegative();
        assertThat(event.toString()).doesNotContain("c-17").doesNotContain("call back").doesNotContain("alice@example.com");
    }

    @Test
    void equalArgumentsCorrelateWhateverTheirKeyOrderAndOthersDoNot() throws IOException {
        for (String arguments : List.of("{\"a\":1,\"b\":{\"x\":\"y\",\"z\":[1,2]}}", "{\"b\":{\"z\":[1,2],\"x\":\"y\"},\"a\":1}",
                "{\"a\":2,\"b\":{\"x\":\"y\",\"z\":[1,2]}}")) {
            Exchange exchange = call(arguments);
            trail.onRequest(exchange);
            trail.complete(exchange, null);
        }

        List<String> digests = lines().stream().map(e -> e.get("argsDigest").asText()).toList();

        assertThat(digests.get(0)).isEqualTo(digests.get(1)).isNotEqualTo(digests.get(2));
        assertThat(new ArgumentDigest("another-key-of-16+bytes".getBytes(StandardCharsets.UTF_8))
                .digest(json("{\"a\":1}")).value()).isNotEqualTo(new ArgumentDigest(KEY).digest(json("{\"a\":1}")).value());
    }

    @Test
    void aRejectedRequestIsAuditedWithItsErrorCode() throws IOException {
        Exchange exchange = call("{\"customerId\":\"c-17\"}");
        trail.onRequest(exchange);
        exchange.audit().put(AuditFields.DECISION, "deny").put(AuditFields.POLICY_IDS, List.of("no-destructive"));
        trail.complete(exchange, -32003);

        JsonNode event = lines().getFirst();

        assertThat(event.get("outcome").asText()).isEqualTo("error");
        assertThat(event.get("errorCode").asInt()).isEqualTo(-32003);
        assertThat(event.get("decision").asText()).isEqualTo("deny");
        assertThat(event.has("upstreamStatus")).isFalse();
    }

    @Test
    void listingsRecordHowManyItemsWereShown() throws IOException {
        Exchange listing = new Exchange("tools/list", json("{}"), Principal.ANONYMOUS, null, IntNode.valueOf(3),
                new AuditEvent());
        trail.onRequest(listing);
        trail.onListing(listing, JSON.createArrayNode().add(1).add(2));
        trail.complete(listing, null);

        JsonNode event = lines().getFirst();

        assertThat(event.get("listed").asInt()).isEqualTo(2);
        assertThat(event.get("principal").asText()).isEqualTo("anonymous");
        assertThat(event.has("argsDigest")).isFalse();
    }

    @Test
    void wrappedStagesCompleteTheTrailOnRejectionResultAndListingExactlyOnce() throws Exception {
        GovernanceStage rejectsRefunds = new GovernanceStage() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public void onRequest(Exchange exchange) throws GovernanceException {
                if (exchange.params().path("arguments").has("refund")) {
                    exchange.audit().put(AuditFields.DECISION, "deny");
                    throw new GovernanceException(-32003, "Not permitted by policy");
                }
            }
        };
        GovernanceChain audited = new GovernanceChain(List.of(rejectsRefunds), List.of(), trail);

        Exchange rejected = call("{\"refund\":5}");
        assertThatThrownBy(() -> audited.onRequest(rejected)).isInstanceOf(GovernanceException.class);
        Exchange answered = call("{\"customerId\":\"c-1\"}");
        audited.onRequest(answered);
        audited.onResult(answered, json("{\"content\":[]}"));
        trail.complete(answered, null);
        Exchange listing = new Exchange("tools/list", json("{}"), ALICE, null, IntNode.valueOf(4), new AuditEvent());
        audited.onListing(listing, JSON.createArrayNode().add(1));

        List<JsonNode> events = lines();
        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("errorCode").asInt()).isEqualTo(-32003);
        assertThat(events.get(0).get("decision").asText()).isEqualTo("deny");
        assertThat(events.get(1).get("outcome").asText()).isEqualTo("ok");
        assertThat(events.get(1).get("upstreamStatus").asText()).isEqualTo("ok");
        assertThat(events.get(2).get("method").asText()).isEqualTo("tools/list");
        assertThat(events.get(2).get("listed").asInt()).isEqualTo(1);
    }

    @Test
    void closingWritesEverythingStillQueued() {
        StringWriter everything = new StringWriter();
        AuditTrail roomy = new AuditTrail(new JsonLinesAuditSink(10_000, List.of(everything)), new ArgumentDigest(KEY),
                CLOCK);
        for (int i = 0; i < 2_000; i++) {
            roomy.complete(call("{\"i\":" + i + "}"), null);
        }
        roomy.close();

        assertThat(everything.toString().lines().count()).isEqualTo(2_000);
    }

    @Test
    void aQuietSinkWritesTheNextEventPromptlyAndClosesPromptly() throws Exception {
        StringWriter written = new StringWriter();
        JsonLinesAuditSink sink = new JsonLinesAuditSink(10, List.of(written));
        // Quiet past the dormant period: the writer no longer ticks, so only the event can wake it.
        Thread.sleep(JsonLinesAuditSink.DORMANT_AFTER.toMillis() + 500);

        sink.write(new AuditEvent().put("n", 1));
        Eventually.until("the event written", Duration.ofSeconds(2), () -> written.toString().contains("\"n\":1"));

        Thread.sleep(JsonLinesAuditSink.DORMANT_AFTER.toMillis() + 500);
        long closing = System.nanoTime();
        sink.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("close of a quiet sink").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aSinkThatCannotKeepUpDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StringWriter written = new StringWriter();
        Writer stuck = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                awaitQuietly(release);
                written.write(buffer, offset, length);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        JsonLinesAuditSink sink = new JsonLinesAuditSink(5, List.of(stuck));

        for (int i = 0; i < 50; i++) {
            sink.write(new AuditEvent().put("n", i));
        }
        long dropped = sink.droppedEvents();
        release.countDown();
        sink.close();

        long writtenLines = written.toString().lines().count();
        assertThat(dropped).isPositive();
        assertThat(writtenLines + dropped).isEqualTo(50);
    }

    @Test
    void theFactoryWritesToAFileWithTheConfiguredKey(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("audit.jsonl");
        AuditConfig config = new AuditConfig(true, false, file.toString(), null, "TEST_AUDIT_KEY", null, null, null);
        AuditTrail fromConfig = AuditTrails.create(config, Map.of("TEST_AUDIT_KEY", "0123456789abcdef0123456789abcdef"));
        Exchange exchange = call("{\"a\":1}");
        fromConfig.onRequest(exchange);
        fromConfig.complete(exchange, null);
        fromConfig.close();

        JsonNode event = JSON.readTree(Files.readAllLines(file).getFirst());

        assertThat(event.get("argsDigest").asText()).isEqualTo(new ArgumentDigest(KEY).digest(json("{\"a\":1}")).value());
        assertThat(AuditTrails.create(new AuditConfig(false, null, null, null, null, null, null, null))).isNull();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
