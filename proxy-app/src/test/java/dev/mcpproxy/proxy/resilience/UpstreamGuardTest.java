package dev.mcpproxy.proxy.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.resilience.ResilienceException.Reason;
import dev.mcpproxy.proxy.resilience.config.CircuitBreakerConfig;
import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import dev.mcpproxy.proxy.resilience.config.RetryConfig;
import dev.mcpproxy.proxy.testing.MutableClock;
import dev.mcpproxy.proxy.testing.ScriptedMcpUpstream;
import dev.mcpproxy.proxy.upstream.MessageSink;
import dev.mcpproxy.proxy.upstream.StreamableHttpConnection;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard around a real upstream connection to a test upstream that counts what it receives. */
class UpstreamGuardTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MutableClock clock = new MutableClock();
    private final List<Long> pauses = new CopyOnWriteArrayList<>();
    private ScriptedMcpUpstream upstream;
    private StreamableHttpConnection connection;
    private final AtomicInteger ids = new AtomicInteger();

    @BeforeEach
    void connect() throws Exception {
        upstream = new ScriptedMcpUpstream();
        connection = new StreamableHttpConnection(UpstreamConfig.of("scripted", upstream.url().toString()));
        connection.initialize();
    }

    @AfterEach
    void disconnect() {
        connection.close();
        upstream.close();
    }

    @Test
    void circuitOpensAgainstAFailingUpstreamAndClosesAfterItRecovers() throws Exception {
        UpstreamGuards guards = guards(new ResilienceConfig(null, null, null, null, new RetryConfig(1, null, null),
                new CircuitBreakerConfig(3, null, null, null, 30_000, null)));
        upstream.failWhen(message -> message.path("method").asText().equals("tools/call"));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> callTool(guards, "echo", true))
                    .isInstanceOf(UpstreamException.class).isNotInstanceOf(ResilienceException.class);
        }
        assertThat(guards.circuitStates()).containsEntry("scripted", CircuitState.OPEN);
        assertThatThrownBy(() -> callTool(guards, "echo", true))
                .isInstanceOfSatisfying(ResilienceException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(Reason.CIRCUIT_OPEN);
                    assertThat(e.code()).isEqualTo(JsonRpcErrors.CIRCUIT_OPEN);
                    assertThat(e.toJsonRpcError().path("data").path("retryAfterMs").asLong()).isEqualTo(30_000);
                    assertThat(e.getMessage()).contains("scripted");
                });
        assertThat(upstream.toolCalls()).isEqualTo(3);

        upstream.failWhen(message -> false);
        clock.advance(Duration.ofSeconds(30));
        assertThat(guards.circuitStates()).containsEntry("scripted", CircuitState.HALF_OPEN);

        assertThat(callTool(guards, "echo", true).path("result").path("content").get(0).path("text").asText())
                .isEqualTo("ok");
        assertThat(guards.circuitStates()).containsEntry("scripted", CircuitState.CLOSED);
    }

    @Test
    void circuitOpensOnTheFailureRate() throws Exception {
        UpstreamGuards guards = guards(new ResilienceConfig(null, null, null, null, new RetryConfig(1, null, null),
                new CircuitBreakerConfig(100, 50, 4, 4, 1000, null)));
        AtomicBoolean fail = new AtomicBoolean();
        upstream.failWhen(message -> message.path("method").asText().equals("tools/call") && fail.get());

        for (boolean failing : new boolean[] {false, true, false}) {
            fail.set(failing);
            try {
                callTool(guards, "echo", true);
            } catch (UpstreamException expectedWhenFailing) {
                assertThat(failing).isTrue();
            }
        }
        assertThat(guards.circuitStates()).containsEntry("scripted", CircuitState.CLOSED);
        fail.set(true);
        assertThatThrownBy(() -> callTool(guards, "echo", true)).isInstanceOf(UpstreamException.class);

        assertThat(guards.circuitStates()).containsEntry("scripted", CircuitState.OPEN);
    }

    @Test
    void bulkheadRefusesCallsBeyondItsBound() throws Exception {
        UpstreamGuards guards = guards(new ResilienceConfig(null, null, 2, 0, null, null));
        CountDownLatch inFlight = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
            List<Future<String>> blocked = List.of(
                    callers.submit(() -> guards.execute("scripted", false, () -> block(started, inFlight, release))),
                    callers.submit(() -> guards.execute("scripted", false, () -> block(started, inFlight, release))));
            assertThat(inFlight.await(30, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> guards.execute("scripted", false, () -> block(started, inFlight, release)))
                    .isInstanceOfSatisfying(ResilienceException.class, e -> {
                        assertThat(e.refusal()).isEqualTo(Reason.BULKHEAD_FULL);
                        assertThat(e.code()).isEqualTo(JsonRpcErrors.UPSTREAM_UNAVAILABLE);
                    });
            assertThat(started.get()).isEqualTo(2);

            release.countDown();
            for (Future<String> call : blocked) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("done");
            }
        }
        assertThat(guards.execute("scripted", false, () -> "free again")).isEqualTo("free again");
        assertThat(guards.circuitStates()).containsEntry("scripted", CircuitState.CLOSED);
    }

    @Test
    void aFailedIdempotentListingIsRetriedAndSucceeds() throws Exception {
        UpstreamGuards guards = guards(new ResilienceConfig(null, null, null, null, new RetryConfig(3, 100, 1000),
                null));
        AtomicInteger listings = new AtomicInteger();
        upstream.failWhen(message -> message.path("method").asText().equals("tools/list")
                && listings.incrementAndGet() <= 2);

        ObjectNode result = guards.execute("scripted", Idempotency.isIdempotent("tools/list", null),
                () -> connection.request(request("tools/list", JSON.objectNode()), MessageSink.DISCARD));

        assertThat(result.path("result").path("tools")).hasSize(2);
        assertThat(listings.get()).isEqualTo(3);
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0)).isBetween(0L, 100L);
        assertThat(pauses.get(1)).isBetween(0L, 200L);
    }

    @Test
    void aNonIdempotentCallIsAttemptedExactlyOnce() throws Exception {
        UpstreamGuards guards = guards(new ResilienceConfig(null, null, null, null, new RetryConfig(3, 0, 0), null));
        upstream.failWhen(message -> message.path("method").asText().equals("tools/call"));

        assertThatThrownBy(() -> callTool(guards, "charge", false)).isInstanceOf(UpstreamException.class);
        assertThat(upstream.toolCalls()).isEqualTo(1);

        assertThatThrownBy(() -> callTool(guards, "echo", true)).isInstanceOf(UpstreamException.class);
        assertThat(upstream.toolCalls()).isEqualTo(1 + 3);
    }

    @Test
    void aToolsOwnTimeoutCutsTheAttemptShort() throws Exception {
        UpstreamGuards guards = guards(new ResilienceConfig(0, Map.of("slow", 50), null, null,
                new RetryConfig(1, null, null), null));
        CountDownLatch interrupted = new CountDownLatch(1);

        assertThatThrownBy(() -> guards.execute("scripted", "slow", true, () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "never";
        })).isInstanceOfSatisfying(ResilienceException.class, e -> {
            assertThat(e.refusal()).isEqualTo(Reason.TIMEOUT);
            assertThat(e.toJsonRpcError().path("data").path("reason").asText()).isEqualTo("timeout");
        });
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(guards.execute("scripted", "fast", true, () -> "no deadline of its own")).isEqualTo("no deadline of its own");
    }

    @Test
    void anAnswerTooLargeForTheCallerIsNeitherRetriedNorCountedAgainstTheUpstream() throws Exception {
        UpstreamGuards guards = guards(new ResilienceConfig(null, null, null, null, new RetryConfig(3, 0, 0),
                new CircuitBreakerConfig(2, null, null, null, 30_000, null)));
        upstream.padToolAnswers(64 * 1024);
        StreamableHttpConnection limited = new StreamableHttpConnection(
                UpstreamConfig.of("scripted", upstream.url().toString()).withMaxResponseBytes(16 * 1024));
        try {
            limited.initialize();
            ObjectNode params = JSON.objectNode().put("name", "echo");
            for (int call = 0; call < 4; call++) {
                assertThatThrownBy(() -> guards.execute("scripted", "echo", true,
                        () -> limited.request(request("tools/call", params), MessageSink.DISCARD)))
                        .isInstanceOfSatisfying(UpstreamException.class,
                                e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TOO_LARGE));
            }
        } finally {
            limited.close();
        }

        assertThat(upstream.toolCalls()).isEqualTo(4);
        assertThat(pauses).isEmpty();
        assertThat(guards.circuitStates()).containsEntry("scripted", CircuitState.CLOSED);
    }

    @Test
    void theTimeoutBoundsAllAttemptsOfAnIdempotentCall() {
        UpstreamGuards guards = guards(new ResilienceConfig(0, Map.of("slow", 100), null, null,
                new RetryConfig(3, 0, 0), null));
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> guards.execute("scripted", "slow", true, () -> {
            attempts.incrementAndGet();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "never";
        })).isInstanceOfSatisfying(ResilienceException.class, e -> assertThat(e.refusal()).isEqualTo(Reason.TIMEOUT));
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void aRetryRefusedByTheOpenCircuitReportsTheFailureOfTheAttemptThatWasMade() {
        UpstreamGuards guards = guards(new ResilienceConfig(null, null, null, null, new RetryConfig(3, 0, 0),
                new CircuitBreakerConfig(1, null, null, null, 30_000, null)));
        upstream.failWhen(message -> message.path("method").asText().equals("tools/call"));

        assertThatThrownBy(() -> callTool(guards, "echo", true))
                .isInstanceOf(UpstreamException.class).isNotInstanceOf(ResilienceException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not called"));
        assertThat(upstream.toolCalls()).isEqualTo(1);
        assertThat(guards.circuitStates()).containsEntry("scripted", CircuitState.OPEN);
    }

    private UpstreamGuards guards(ResilienceConfig config) {
        return new UpstreamGuards(Map.of("scripted", config), clock, pauses::add);
    }

    private JsonNode callTool(UpstreamGuards guards, String tool, boolean idempotent) throws UpstreamException {
        ObjectNode descriptor = JSON.objectNode().put("name", tool);
        descriptor.putObject("annotations").put("idempotentHint", idempotent);
        ObjectNode params = JSON.objectNode().put("name", tool);
        params.putObject("arguments");
        return guards.execute("scripted", tool, Idempotency.isIdempotent("tools/call", descriptor),
                () -> connection.request(request("tools/call", params), MessageSink.DISCARD));
    }

    private ObjectNode request(String method, ObjectNode params) {
        ObjectNode request = JSON.objectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", params);
        return request;
    }

    private static String block(AtomicInteger started, CountDownLatch inFlight, CountDownLatch release) {
        started.incrementAndGet();
        inFlight.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }
}
