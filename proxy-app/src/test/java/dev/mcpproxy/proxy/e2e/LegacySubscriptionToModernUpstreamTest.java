package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.audit.ArgumentDigest;
import dev.mcpproxy.proxy.audit.AuditTrail;
import dev.mcpproxy.proxy.audit.JsonLinesAuditSink;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.policy.ItemOrigins;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.policy.PolicyStage;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.AuditLines;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.testing.Resources;
import dev.mcpproxy.proxy.testing.TsSdkPeers;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamRegistry;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 2025-era client's {@code resources/subscribe} for a resource of a 2026-07-28 upstream, which
 * removed the method: the proxy opens a {@code subscriptions/listen} stream for the resource at
 * the upstream and passes its {@code notifications/resources/updated} to the client session's GET
 * stream. Real peers: {@code @modelcontextprotocol/server} 2.x in 2026-07-28-only mode (it reports
 * the listen streams it has open per resource), the MCP Java SDK 2.1.0 client and raw HTTP;
 * Cedar and the audit trail as deployed.
 */
class LegacySubscriptionToModernUpstreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String GREETING = "test://greeting";
    /** The audit trail of {@link #open}. */
    private static final StringWriter AUDIT_LINES = new StringWriter();
    /** The audit trail of {@link #locked}. */
    private static final StringWriter LOCKED_AUDIT_LINES = new StringWriter();

    @TempDir
    static Path policies;

    private static TsSdkPeers.NodeProcess modernServer;
    private static String modernBase;
    private static AuditTrail audit;
    private static AuditTrail lockedAudit;
    /** Stateful; every request permitted, audited. */
    private static ProxyApplication open;
    /** Stateful; a policy forbids resource subscriptions (reads stay allowed). */
    private static ProxyApplication locked;

    @BeforeAll
    static void start() throws Exception {
        modernServer = TsSdkPeers.run("ts-sdk-server.mjs", "modern-only");
        modernBase = modernServer.announcedBase(90);
        audit = new AuditTrail(new JsonLinesAuditSink(1000, List.of(AUDIT_LINES)),
                new ArgumentDigest("subscription-audit-key".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());
        lockedAudit = new AuditTrail(new JsonLinesAuditSink(1000, List.of(LOCKED_AUDIT_LINES)),
                new ArgumentDigest("subscription-audit-key".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());
        open = governed(audit, "permit (principal, action, resource);");
        locked = governed(lockedAudit, """
                permit (principal, action, resource);
                forbid (principal, action == Mcp::Action::"readResource", resource)
                when { context.method == "resources/subscribe" };""");
    }

    private static ProxyApplication governed(AuditTrail trail, String policy) throws Exception {
        Path file = Files.createTempFile(policies, "policy", ".cedar");
        Files.writeString(file, policy);
        AtomicReference<UpstreamRegistry> registry = new AtomicReference<>();
        GovernanceChain chain = new GovernanceChain(List.of(PolicyStage.create(new PolicyConfig(true,
                List.of(file.toString()), "classpath:governance/mcp.cedarschema", null, null),
                ItemOrigins.fromCatalog(() -> registry.get().catalog()))), List.of(), trail);
        ProxyConfig config = new ProxyConfig(ProxyUnderTest.server(SessionMode.STATEFUL), List.of(
                UpstreamConfig.of("modern", modernBase + "/mcp").withToolPrefix("m")),
                new FederationConfig(null, 0), null).validate();
        return ProxyApplication.builder(config).governance(chain).onRegistry(registry::set).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(open, locked, audit, lockedAudit, modernServer);
    }

    /** The listen streams naming the resource that the upstream has open. */
    private static int upstreamStreams() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(modernBase + "/listening?uri=" + GREETING)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).get("streams").asInt();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void upstreamUpdates() throws Exception {
        HttpResponse<Void> changed = HTTP.send(HttpRequest.newBuilder(URI.create(modernBase + "/updated?uri=" + GREETING))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(changed.statusCode()).isEqualTo(204);
    }

    private static ObjectNode uri(String uri) {
        return JSON.createObjectNode().put("uri", uri);
    }

    @Test
    void theJavaSdkClientSubscribesAndIsToldOfTheModernUpstreamsUpdates() throws Exception {
        List<McpSchema.ResourceContents> updated = new CopyOnWriteArrayList<>();
        McpSyncClient client = McpClients.to(open.endpoint()).resourcesUpdateConsumer(updated::addAll).build();
        try {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.capabilities().resources().subscribe())
                    .as("the stateful proxy offers subscriptions, the modern upstream's included").isTrue();

            client.subscribeResource(new McpSchema.SubscribeRequest(GREETING));
            assertThat(upstreamStreams()).as("one listen stream for the resource at the upstream").isEqualTo(1);
            upstreamUpdates();
            // The SDK reads the resource it was told about and hands over the contents.
            Eventually.until("the update reaches the client", Duration.ofSeconds(20), () -> !updated.isEmpty());
            assertThat(updated.getFirst().uri()).isEqualTo(GREETING);
            assertThat(((McpSchema.TextResourceContents) updated.getFirst()).text())
                    .isEqualTo("hello from the modern server");

            client.unsubscribeResource(new McpSchema.UnsubscribeRequest(GREETING));
            Eventually.until("the upstream sees the listen stream closed", Duration.ofSeconds(20),
                    () -> upstreamStreams() == 0);
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void theUpdateReachesTheSessionsGetStreamAsA2025UpstreamSendsItAndUnsubscribeEndsThem() throws Exception {
        RawMcpSession session = RawMcpSession.open(open.endpoint().toString());
        HttpResponse<InputStream> stream = session.openStream();
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        try {
            JsonNode subscribed = session.exchange("resources/subscribe", uri(GREETING)).last();
            assertThat(subscribed.get("result")).as(subscribed.toString()).isEqualTo(JSON.createObjectNode());
            assertThat(upstreamStreams()).isEqualTo(1);

            upstreamUpdates();
            assertThat(nextEvent(events, Duration.ofSeconds(30))).isEqualTo(JSON.readTree("""
                    {"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"test://greeting"}}"""));

            JsonNode unsubscribed = session.exchange("resources/unsubscribe", uri(GREETING)).last();
            assertThat(unsubscribed.get("result")).as(unsubscribed.toString()).isEqualTo(JSON.createObjectNode());
            Eventually.until("the upstream sees the listen stream closed", Duration.ofSeconds(20),
                    () -> upstreamStreams() == 0);
            upstreamUpdates();
            assertThat(nextEvent(events, Duration.ofSeconds(3))).as("no update after unsubscribing").isNull();
        } finally {
            // Ending the session ends the GET stream, and with it a read still waiting on it.
            session.end();
            events.close();
        }
        JsonNode subscribe = AuditLines.await(AUDIT_LINES, line -> "resources/subscribe".equals(line.path("method").asText()));
        assertThat(subscribe.get("decision").asText()).isEqualTo("allow");
        assertThat(subscribe.get("upstream").asText()).isEqualTo("modern");
        assertThat(subscribe.get("protocolEra").asText()).isEqualTo("legacy");
    }

    @Test
    void endingTheSessionClosesItsListenStreams() throws Exception {
        RawMcpSession session = RawMcpSession.open(open.endpoint().toString());
        session.exchange("resources/subscribe", uri(GREETING));
        assertThat(upstreamStreams()).isEqualTo(1);

        assertThat(session.end()).isEqualTo(204);

        Eventually.until("the upstream sees the listen stream closed", Duration.ofSeconds(20),
                () -> upstreamStreams() == 0);
    }

    @Test
    void anExpiredSessionsListenStreamsAreClosed() throws Exception {
        ServerConfig shortIdle = new ServerConfig("127.0.0.1", 0, null, SessionMode.STATEFUL, null, null, 1, null, 2);
        try (ProxyUnderTest proxy = ProxyUnderTest.start(shortIdle, List.of(UpstreamConfig.of("modern",
                modernBase + "/mcp")), dev.mcpproxy.proxy.identity.CallerAuthenticator.NONE)) {
            RawMcpSession session = RawMcpSession.open(proxy.endpoint().toString());
            JsonNode subscribed = session.exchange("resources/subscribe", uri(GREETING)).last();
            assertThat(subscribed.has("result")).as(subscribed.toString()).isTrue();

            Eventually.until("the idle session's listen stream closed at the upstream", Duration.ofSeconds(30),
                    () -> upstreamStreams() == 0);
        }
    }

    @Test
    void aSubscriptionThePolicyForbidsIsRefusedAndOpensNoStream() throws Exception {
        RawMcpSession session = RawMcpSession.open(locked.endpoint().toString());
        try {
            JsonNode read = session.exchange("resources/read", uri(GREETING)).last();
            JsonNode refused = session.exchange("resources/subscribe", uri(GREETING)).last();

            assertThat(read.at("/result/contents/0/text").asText()).isEqualTo("hello from the modern server");
            assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32003);
            assertThat(upstreamStreams()).as("no listen stream at the upstream").isZero();
            JsonNode denial = AuditLines.await(LOCKED_AUDIT_LINES, line -> "resources/subscribe".equals(line.path("method").asText())
                    && "deny".equals(line.path("decision").asText()));
            assertThat(denial.get("target").asText()).isEqualTo(GREETING);
        } finally {
            session.end();
        }
    }

    @Test
    void aStatelessProxyRefusesSubscriptionsItCouldNeverDeliver() throws Exception {
        try (ProxyUnderTest stateless = ProxyUnderTest.start(SessionMode.STATELESS, List.of(
                UpstreamConfig.of("modern", modernBase + "/mcp")))) {
            RawMcpSession session = RawMcpSession.open(stateless.endpoint().toString());
            JsonNode initialized = session.exchange("initialize", JSON.createObjectNode()
                    .put("protocolVersion", "2025-11-25").set("capabilities", JSON.createObjectNode())).last();
            JsonNode refused = session.exchange("resources/subscribe", uri(GREETING)).last();

            assertThat(initialized.at("/result/capabilities/resources").has("subscribe")).isFalse();
            assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32601);
            assertThat(refused.at("/error/message").asText()).contains("stateless mode")
                    .contains("notifications/resources/updated");
            assertThat(refused.at("/error/data/setting").asText()).isEqualTo("server.sessionMode: stateful");
            assertThat(upstreamStreams()).isZero();
        }
    }

    /** The next SSE event's JSON, or null when none comes within {@code bound} (keep-alive comments skipped). */
    private static JsonNode nextEvent(BufferedReader events, Duration bound) throws Exception {
        CompletableFuture<JsonNode> next = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = events.readLine(); line != null; line = events.readLine()) {
                    if (line.startsWith("data:")) {
                        return JSON.readTree(line.substring(5).trim());
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return next.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            next.cancel(true);
            return null;
        }
    }
}
