package dev.mcpproxy.proxy.governance.pii;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import com.nimbusds.jose.JOSEObjectType;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.audit.ArgumentDigest;
import dev.mcpproxy.proxy.audit.AuditTrail;
import dev.mcpproxy.proxy.audit.JsonLinesAuditSink;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.identity.CallerAuthenticators;
import dev.mcpproxy.proxy.identity.IdentityConfig;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.ratelimit.BucketConfig;
import dev.mcpproxy.proxy.ratelimit.FailMode;
import dev.mcpproxy.proxy.ratelimit.InMemoryRateLimitStore;
import dev.mcpproxy.proxy.ratelimit.KeyDimension;
import dev.mcpproxy.proxy.ratelimit.RateLimitConfig;
import dev.mcpproxy.proxy.ratelimit.RateLimitCounters;
import dev.mcpproxy.proxy.ratelimit.RateLimitStage;
import dev.mcpproxy.proxy.ratelimit.StoreType;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.telemetry.Metrics;
import dev.mcpproxy.proxy.telemetry.MetricsConfig;
import dev.mcpproxy.proxy.telemetry.Telemetry;
import dev.mcpproxy.proxy.telemetry.Tracing;
import dev.mcpproxy.proxy.testing.AuditLines;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.testing.JsonRpcHttpClient;
import dev.mcpproxy.proxy.testing.ServerRequestsUpstream;
import dev.mcpproxy.proxy.testing.TsSdkPeers;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every PII path end to end: a stateful proxy with JWT identity (mock-oauth2-server) in front of
 * an upstream that records what it receives, the demo upstream (customer records) and
 * server-everything (sampling and elicitation), with a rate limit ahead of the PII stage as the
 * proxy assembles them. Two callers: {@code support} may see personal
 * data ({@code pii.detokenize.groups}), {@code analytics} may not. Logs (DEBUG), audit lines,
 * span attributes and metric lines are checked for raw values after every test.
 */
class PiiPathsThroughProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "grace.private@example.org";
    private static final String CARD = "5555 5555 5555 4444";
    private static final String PHONE = "+44 161 496 0321";
    private static final String DEMO_EMAIL = "ada.lovelace@example.com";
    private static final String DEMO_CARD = "4111 1111 1111 1111";
    private static final List<String> PLANTED = List.of("grace.private", CARD, PHONE, DEMO_EMAIL, DEMO_CARD,
            "mary.somerville@example.org", "GB82 WEST 1234 5698 7654 32");

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final StringWriter AUDIT_LINES = new StringWriter();
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final List<String> EMF = new CopyOnWriteArrayList<>();
    private static final List<McpSchema.CreateMessageRequest> SAMPLED = new CopyOnWriteArrayList<>();
    private static final List<McpSchema.ElicitRequest> ELICITED = new CopyOnWriteArrayList<>();
    private static final List<McpSchema.LoggingMessageNotification> LOGGED = new CopyOnWriteArrayList<>();

    private static Level previousLevel;
    private static MockOAuth2Server oauth;
    private static RecordingUpstream recording;
    private static DemoUpstream demo;
    private static EverythingServer everything;
    private static ServerRequestsUpstream asking;
    private static AuditTrail audit;
    private static Metrics metrics;
    private static ProxyApplication proxy;
    private static PiiTokenizer tokenizer;
    private static final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        LOGS.start();
        root.addAppender(LOGS);

        oauth = new MockOAuth2Server();
        oauth.start();
        recording = RecordingUpstream.start();
        demo = DemoUpstream.start("127.0.0.1", 0);
        everything = EverythingServer.start();
        asking = ServerRequestsUpstream.start();

        KeysetHandle keyset = PiiKeysetLoader.generate();
        tokenizer = new PiiTokenizer(keyset);
        PiiConfig config = new PiiConfig(null, null, null, null, null,
                // The recording upstream's tool is a mailer: it must see addresses (of callers who may).
                List.of(new PiiToolConfig("remember", Map.of("email", "allow"), null, null, null)),
                new PiiDetokenizeConfig(false, List.of("support"), null, null), null,
                // What server-everything echoes is shown as it came, so tests see what it received.
                new PiiResultsConfig(null, null, Map.of("tools/call", new PiiMethodConfig(null, null, List.of(
                        new PiiToolConfig("trigger-sampling-request", Map.of("card", "allow", "email", "allow"), null,
                                null, null),
                        new PiiToolConfig("trigger-elicitation-request", Map.of("email", "allow"), null, null, null),
                        new PiiToolConfig("ask_personal_sampling_unrelated", Map.of("card", "allow"), null, null,
                                null),
                        new PiiToolConfig("ask_personal_elicitation_unrelated", Map.of("email", "allow"), null, null,
                                null),
                        new PiiToolConfig("ask_personal_elicitation", Map.of("email", "allow"), null, null, null))))),
                null);
        PiiStage pii = new PiiStage(config, tokenizer, DetokenizeAuthorizer.fromConfig(config.detokenize()));
        audit = new AuditTrail(new JsonLinesAuditSink(1000, List.of(AUDIT_LINES)),
                new ArgumentDigest("pii-paths-audit-key".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());
        metrics = Metrics.emf(new MetricsConfig(true, "Test/Pii", 60, Map.of(), 100), EMF::add, Clock.systemUTC());
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build();
        IdentityConfig identity = new IdentityConfig(IdentityConfig.Mode.JWT, oauth.wellKnownUrl("idp").toString(),
                null, null, null, List.of("agent"), null, null, null, null, null, null, null, null, null, null, null);
        ProxyConfig proxyConfig = new ProxyConfig(new ServerConfig("127.0.0.1", 0, null, SessionMode.STATEFUL, null,
                null, 1, null, null), List.of(UpstreamConfig.of("rec", recording.url().toString()),
                UpstreamConfig.of("demo", demo.url().toString()), UpstreamConfig.of("everything", everything.url()),
                UpstreamConfig.of("asking", asking.url())),
                new FederationConfig(null, 0), null).validate();
        // Ahead of the PII stage, as assembled: a limit that rejects a second read of one URI.
        RateLimitStage limits = new RateLimitStage(new RateLimitConfig(StoreType.MEMORY, null, FailMode.OPEN,
                List.of(new BucketConfig("limited-reads", List.of(KeyDimension.TOOL), 1L, 3600L, 1L,
                        List.of("resources/read"), List.of("rec://customers/limited-*"), null))),
                new InMemoryRateLimitStore(Clock.systemUTC()), new RateLimitCounters());
        proxy = ProxyApplication.builder(proxyConfig)
                .governance(new GovernanceChain(List.of(limits, pii), List.of(pii), audit))
                .callerAuthenticator(CallerAuthenticators.create(identity))
                .telemetry(Telemetry.of(metrics, Tracing.using(sdk)))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        proxy.close();
        audit.close();
        demo.close();
        recording.close();
        everything.close();
        asking.close();
        oauth.shutdown();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(LOGS);
        root.setLevel(previousLevel);
    }

    @Test
    void everyInboundPathReachesTheUpstreamTokenized() throws Exception {
        JsonRpcHttpClient analytics = session("analytics");
        int before = recording.requests().size();

        analytics.post(request(1, "tools/call", Map.of("name", "remember",
                "arguments", Map.of("note", "card " + CARD + ", phone " + PHONE))));
        analytics.post(request(2, "prompts/get", Map.of("name", "note", "arguments", Map.of("text", "mail " + EMAIL))));
        analytics.post(request(3, "completion/complete", Map.of("ref", Map.of("type", "ref/prompt", "name", "note"),
                "argument", Map.of("name", "text", "value", EMAIL))));
        JsonNode read = analytics.post(request(4, "resources/read", Map.of("uri", "rec://customers/" + EMAIL)));
        analytics.post(request(5, "resources/subscribe", Map.of("uri", "rec://customers/" + EMAIL)));

        String emailToken = tokenizer.tokenize("email", EMAIL);
        List<JsonNode> received = recording.requests().subList(before, recording.requests().size());
        assertThat(received).extracting(r -> r.path("method").asText()).contains("tools/call", "prompts/get",
                "completion/complete", "resources/read", "resources/subscribe");
        assertThat(received.toString()).doesNotContain(EMAIL, CARD, PHONE, "grace.private");
        assertThat(recording.requests("tools/call", before).getFirst().at("/arguments/note").textValue())
                .isEqualTo("card " + tokenizer.tokenize("card", CARD) + ", phone " + tokenizer.tokenize("phone", PHONE));
        assertThat(recording.requests("prompts/get", before).getFirst().at("/arguments/text").textValue())
                .isEqualTo("mail " + emailToken);
        assertThat(recording.requests("completion/complete", before).getFirst().at("/argument/value").textValue())
                .isEqualTo(emailToken);
        assertThat(recording.requests("resources/read", before).getFirst().path("uri").textValue())
                .isEqualTo("rec://customers/" + emailToken);
        assertThat(recording.requests("resources/subscribe", before).getFirst().path("uri").textValue())
                .isEqualTo("rec://customers/" + emailToken);
        assertThat(read.at("/result/contents/0/text").textValue()).isEqualTo("read rec://customers/" + emailToken);
        JsonNode refused = analytics.post(request(6, "resources/read", Map.of("uri", "rec://customers/grace.private%40example.org")));
        assertThat(refused.at("/error/code").intValue()).isEqualTo(-32005);
        assertThat(refused.at("/error/message").textValue()).contains("percent-encoded").doesNotContain("grace");
        assertThat(recording.requests().size() - before).isEqualTo(5);
        assertNothingLeaked();
    }

    @Test
    void aResourceUriRejectedBeforeThePiiStageReachesNoAuditLineOrSpan() throws Exception {
        JsonRpcHttpClient analytics = session("analytics");
        String uri = "rec://customers/limited-" + EMAIL;

        JsonNode admitted = analytics.post(request(7, "resources/read", Map.of("uri", uri)));
        JsonNode limited = analytics.post(request(8, "resources/read", Map.of("uri", uri)));

        assertThat(admitted.at("/result/contents/0/text").textValue())
                .isEqualTo("read rec://customers/" + tokenizer.tokenize("email", "limited-" + EMAIL));
        assertThat(limited.at("/error/code").intValue()).isEqualTo(JsonRpcErrors.RATE_LIMITED);
        JsonNode rejected = AuditLines.await(AUDIT_LINES, line -> line.path("method").asText().equals("resources/read")
                && line.path("errorCode").asInt() == JsonRpcErrors.RATE_LIMITED);
        assertThat(rejected.path("target").asText()).isEqualTo("rec:[withheld]");
        assertNothingLeaked();
    }

    @Test
    void upstreamResultsAreInClearForOneCallerAndTokenizedForTheOther() throws Exception {
        JsonRpcHttpClient support = session("support");
        JsonRpcHttpClient analytics = session("analytics");
        String lookup = request(10, "tools/call", Map.of("name", "lookup_customer", "arguments", Map.of("customerId", "C-1001")));
        String resource = request(11, "resources/read", Map.of("uri", "customers://C-1001"));
        String prompt = request(12, "prompts/get", Map.of("name", "draft_email",
                "arguments", Map.of("customerId", "C-1001", "topic", "renewal")));

        JsonNode supportLookup = support.post(lookup);
        JsonNode analyticsLookup = analytics.post(lookup);

        String emailToken = tokenizer.tokenize("email", DEMO_EMAIL);
        assertThat(supportLookup.at("/result/structuredContent/email").textValue()).isEqualTo(DEMO_EMAIL);
        assertThat(supportLookup.at("/result/structuredContent/cardNumber").textValue()).isEqualTo(DEMO_CARD);
        assertThat(analyticsLookup.at("/result/structuredContent/email").textValue()).isEqualTo(emailToken);
        assertThat(analyticsLookup.at("/result/structuredContent/cardNumber").textValue())
                .isEqualTo(tokenizer.tokenize("card", DEMO_CARD));
        assertThat(analyticsLookup.at("/result/structuredContent/name").textValue()).isEqualTo("Ada Lovelace");
        assertThat(analyticsLookup.at("/result/content/0/text").textValue()).contains(emailToken).doesNotContain(DEMO_EMAIL);
        assertThat(analyticsLookup.toString()).doesNotContain(DEMO_EMAIL, DEMO_CARD, "mary.somerville@example.org");

        assertThat(support.post(resource).at("/result/contents/0/text").textValue()).contains(DEMO_EMAIL);
        assertThat(analytics.post(resource).at("/result/contents/0/text").textValue())
                .contains(emailToken).doesNotContain(DEMO_EMAIL);
        assertThat(support.post(prompt).toString()).contains(DEMO_EMAIL);
        assertThat(analytics.post(prompt).toString()).contains(emailToken).doesNotContain(DEMO_EMAIL);
        // The recording upstream completes with what it was sent: the token, which only support gets back as the value.
        String complete = request(13, "completion/complete", Map.of("ref", Map.of("type", "ref/prompt", "name", "note"),
                "argument", Map.of("name", "text", "value", DEMO_EMAIL)));
        assertThat(support.post(complete).at("/result/completion/values/0").textValue()).isEqualTo(DEMO_EMAIL);
        assertThat(analytics.post(complete).at("/result/completion/values/0").textValue()).isEqualTo(emailToken);
        assertNothingLeaked();
    }

    @Test
    void aTokenPassedBackReachesTheUpstreamAsTheValueOnlyForACallerWhoMaySeeIt() throws Exception {
        JsonRpcHttpClient support = session("support");
        JsonRpcHttpClient analytics = session("analytics");
        // The analytics caller got this token from a customer lookup (the same token inbound tokenization mints).
        String emailToken = session("analytics").post(request(20, "tools/call", Map.of("name", "lookup_customer",
                "arguments", Map.of("customerId", "C-1001")))).at("/result/structuredContent/email").textValue();
        assertThat(emailToken).isEqualTo(tokenizer.tokenize("email", DEMO_EMAIL));
        int before = recording.requests().size();

        JsonNode laundered = analytics.post(request(21, "tools/call", Map.of("name", "remember",
                "arguments", Map.of("to", emailToken))));
        support.post(request(22, "tools/call", Map.of("name", "remember", "arguments", Map.of("to", emailToken))));

        List<JsonNode> calls = recording.requests("tools/call", before);
        assertThat(calls.get(0).at("/arguments/to").textValue()).isEqualTo(emailToken);
        assertThat(calls.get(1).at("/arguments/to").textValue()).isEqualTo(DEMO_EMAIL);
        // Echoing it back does not help either: what the upstream returns is protected on the way out.
        assertThat(laundered.toString()).doesNotContain(DEMO_EMAIL);
        assertNothingLeaked();
    }

    @Test
    void statefulSamplingIsProtectedPerCallerAndTheClientsAnswerReachesTheUpstreamTokenized() throws Exception {
        McpSyncClient analytics = sdkClient("analytics");
        McpSyncClient support = sdkClient("support");
        int before = SAMPLED.size();

        McpSchema.CallToolResult analyticsResult = analytics.callTool(new McpSchema.CallToolRequest(
                "trigger-sampling-request", Map.of("prompt", "Summarize " + EMAIL, "maxTokens", 20)));
        support.callTool(new McpSchema.CallToolRequest(
                "trigger-sampling-request", Map.of("prompt", "Summarize " + EMAIL, "maxTokens", 20)));

        String emailToken = tokenizer.tokenize("email", EMAIL);
        List<McpSchema.CreateMessageRequest> sampled = SAMPLED.subList(before, SAMPLED.size());
        assertThat(sampled).hasSize(2);
        // The upstream got the prompt as a token, so even the support caller's question holds the token.
        assertThat(sampled.get(0).messages().toString()).contains(emailToken).doesNotContain(EMAIL);
        assertThat(sampled.get(1).messages().toString()).contains(EMAIL).doesNotContain(emailToken);
        // The client answered with a card number; server-everything echoes what it received.
        assertThat(analyticsResult.content().toString()).contains(tokenizer.tokenize("card", CARD)).doesNotContain(CARD);
        assertNothingLeaked();
    }

    @Test
    void statefulElicitationAnswersReachTheUpstreamTokenized() throws Exception {
        McpSyncClient analytics = sdkClient("analytics");

        McpSchema.CallToolResult result = analytics.callTool(new McpSchema.CallToolRequest(
                "trigger-elicitation-request", Map.of()));

        assertThat(ELICITED).isNotEmpty();
        assertThat(result.content().toString()).contains(tokenizer.tokenize("email", EMAIL)).doesNotContain(EMAIL);
        assertNothingLeaked();
    }

    @Test
    void requestsOnTheSessionsOwnStreamAreProtectedPerCallerAndTheirAnswersReachTheUpstreamTokenized()
            throws Exception {
        McpSyncClient analytics = sdkClient("analytics");
        McpSyncClient support = sdkClient("support");
        streamOpen(analytics);
        streamOpen(support);
        int before = SAMPLED.size();

        String analyticsAnswer = analytics.callTool(new McpSchema.CallToolRequest(
                "ask_personal_sampling_unrelated", Map.of())).content().toString();
        support.callTool(new McpSchema.CallToolRequest("ask_personal_sampling_unrelated", Map.of()));
        String elicitedAnswer = analytics.callTool(new McpSchema.CallToolRequest(
                "ask_personal_elicitation_unrelated", Map.of())).content().toString();

        String emailToken = tokenizer.tokenize("email", EMAIL);
        List<McpSchema.CreateMessageRequest> sampled = SAMPLED.subList(before, SAMPLED.size());
        assertThat(sampled).hasSize(2);
        // The upstream named the address in clear: one caller sees it, the other its token.
        assertThat(sampled.get(0).messages().toString()).contains(emailToken).doesNotContain(EMAIL);
        assertThat(sampled.get(1).messages().toString()).contains(EMAIL).doesNotContain(emailToken);
        assertThat(ELICITED.getLast().message()).contains(emailToken).doesNotContain(EMAIL);
        // The answers reached the upstream tokenized (it echoes what it received).
        assertThat(analyticsAnswer).contains(tokenizer.tokenize("card", CARD)).doesNotContain(CARD);
        assertThat(elicitedAnswer).contains(emailToken).doesNotContain(EMAIL);
        metrics.flush();
        assertThat(EMF.stream().map(PiiPathsThroughProxyTest::json).toList()).anySatisfy(d -> {
            assertThat(d.path("Method").asText()).isEqualTo("sampling/createMessage");
            assertThat(d.path("Direction").asText()).isEqualTo("outbound");
        });
        assertNothingLeaked();
    }

    @Test
    void notificationsOnTheSessionsOwnStreamAreProtectedPerCaller() throws Exception {
        McpSyncClient analytics = sdkClient("analytics");
        McpSyncClient support = sdkClient("support");
        streamOpen(analytics);
        streamOpen(support);
        int before = LOGGED.size();

        analytics.callTool(new McpSchema.CallToolRequest("log_personal_unrelated", Map.of()));
        Eventually.until("the first log message", Duration.ofSeconds(10), () -> LOGGED.size() == before + 1);
        support.callTool(new McpSchema.CallToolRequest("log_personal_unrelated", Map.of()));
        Eventually.until("the second log message", Duration.ofSeconds(10), () -> LOGGED.size() == before + 2);

        String emailToken = tokenizer.tokenize("email", EMAIL);
        List<McpSchema.LoggingMessageNotification> logged = LOGGED.subList(before, LOGGED.size());
        // Outside any call, as on a call's stream: one caller sees the address, the other its token.
        assertThat(logged.get(0).data().toString()).contains(emailToken).doesNotContain(EMAIL);
        assertThat(logged.get(1).data().toString()).contains(EMAIL).doesNotContain(emailToken);
        metrics.flush();
        assertThat(EMF.stream().map(PiiPathsThroughProxyTest::json).toList()).anySatisfy(d -> {
            assertThat(d.path("Method").asText()).isEqualTo("notifications/message");
            assertThat(d.path("Direction").asText()).isEqualTo("outbound");
        });
        assertNothingLeaked();
    }

    @Test
    void aModernCallersInputRequestsAreProtectedPerCallerAndItsInputResponsesReachTheUpstreamTokenized()
            throws Exception {
        String emailToken = tokenizer.tokenize("email", EMAIL);
        JsonNode support = modernCall("support", null, null).path("result");
        JsonNode analytics = modernCall("analytics", null, null).path("result");

        // The legacy upstream named the address in its question: in clear for one caller only.
        assertThat(support.path("resultType").asText()).isEqualTo("input_required");
        assertThat(support.at("/inputRequests/q0/params/message").asText()).contains(EMAIL);
        assertThat(analytics.path("resultType").asText()).isEqualTo("input_required");
        assertThat(analytics.at("/inputRequests/q0/params/message").asText()).contains(emailToken)
                .doesNotContain(EMAIL);

        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("q0").put("action", "accept").putObject("content").put("name", "It is " + EMAIL);
        JsonNode supportDone = modernCall("support", support.path("requestState").asText(), answer);
        JsonNode analyticsDone = modernCall("analytics", analytics.path("requestState").asText(), answer);

        // The upstream echoes the answer as it received it: tokenized (shown as it came to a caller who
        // may not see the address; restored for one who may).
        assertThat(analyticsDone.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(analyticsDone.at("/result/content/0/text").asText()).contains(emailToken).doesNotContain(EMAIL);
        assertThat(supportDone.at("/result/content/0/text").asText()).contains(EMAIL);
        assertThat(analytics.path("requestState").asText()).doesNotContain(EMAIL).doesNotContain("grace");
        assertNothingLeaked();
    }

    @Test
    void aRealModernClientIsAskedPerCallerAndItsAnswerReachesTheUpstreamTokenized() throws Exception {
        String emailToken = tokenizer.tokenize("email", EMAIL);
        JsonNode support = modernSdkClient("support");
        JsonNode analytics = modernSdkClient("analytics");

        assertThat(support.at("/asked/0/message").asText()).contains(EMAIL);
        assertThat(analytics.at("/asked/0/message").asText()).contains(emailToken).doesNotContain(EMAIL);
        // The upstream echoes the answer as it received it.
        assertThat(analytics.at("/answered/content/0/text").asText()).contains(emailToken).doesNotContain(EMAIL);
        assertNothingLeaked();
    }

    /** What @modelcontextprotocol/client 2.x, speaking 2026-07-28 as {@code group}, was asked and got back. */
    private static JsonNode modernSdkClient(String group) throws Exception {
        try (TsSdkPeers.NodeProcess client = TsSdkPeers.run("ts-sdk-client.mjs", proxy.endpoint().toString(), "auto",
                "pii", token(group))) {
            JsonNode out = JSON.readTree(client.nextLine(90));
            assertThat(client.await(90)).isZero();
            return out;
        }
    }

    /** A 2026-07-28 tools/call of ask_personal_elicitation, or its retry with {@code state} and {@code answers}. */
    private static JsonNode modernCall(String group, String state, ObjectNode answers) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", "m-" + System.nanoTime())
                .put("method", "tools/call");
        ObjectNode params = request.putObject("params").put("name", "ask_personal_elicitation");
        params.putObject("arguments");
        ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientCapabilities").putObject("elicitation");
        if (state != null) {
            params.put("requestState", state);
            params.set("inputResponses", answers);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token(group))
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "ask_personal_elicitation")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The upstream session of {@code client} opens its GET stream in the background: wait for it. */
    private static void streamOpen(McpSyncClient client) {
        Eventually.until("the client session's GET stream to the upstream", Duration.ofSeconds(20),
                () -> "true".equals(text(client, "own_event_stream")));
    }

    private static String text(McpSyncClient client, String tool) {
        return ((McpSchema.TextContent) client.callTool(new McpSchema.CallToolRequest(tool, Map.of())).content()
                .getFirst()).text();
    }

    @Test
    void detectionsAreCountedByDirectionAndMethod() throws Exception {
        JsonRpcHttpClient analytics = session("analytics");
        analytics.post(request(30, "prompts/get", Map.of("name", "note", "arguments", Map.of("text", EMAIL))));
        analytics.post(request(31, "tools/call", Map.of("name", "lookup_customer", "arguments",
                Map.of("customerId", "C-1002"))));
        metrics.flush();

        List<JsonNode> documents = EMF.stream().map(PiiPathsThroughProxyTest::json).toList();
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Method").asText()).isEqualTo("prompts/get");
            assertThat(d.path("Direction").asText()).isEqualTo("inbound");
            assertThat(d.path("PiiPathDetections").asInt()).isPositive();
        });
        assertThat(documents).anySatisfy(d -> {
            assertThat(d.path("Method").asText()).isEqualTo("tools/call");
            assertThat(d.path("Direction").asText()).isEqualTo("outbound");
            assertThat(d.path("PiiPathDetections").asInt()).isPositive();
        });
        assertThat(auditLinesOnceWritten("lookup_customer")).anySatisfy(line -> {
            JsonNode event = json(line);
            assertThat(event.path("target").asText()).isEqualTo("lookup_customer");
            assertThat(event.at("/pii/result/detected/email").asInt()).isPositive();
            assertThat(event.at("/pii/result/tokenized").asInt()).isPositive();
        });
        assertNothingLeaked();
    }

    private static JsonRpcHttpClient session(String group) throws Exception {
        return new JsonRpcHttpClient(proxy.endpoint(), Map.of("Authorization", "Bearer " + token(group))).initialize();
    }

    private static McpSyncClient sdkClient(String group) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(proxy.endpoint().getScheme() + "://" + proxy.endpoint().getAuthority())
                .endpoint(proxy.endpoint().getPath())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token(group)))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                .sampling(request -> {
                    SAMPLED.add(request);
                    return McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                            .content(new McpSchema.TextContent("Card " + CARD + " is on file")).model("test-model")
                            .stopReason(McpSchema.CreateMessageResult.StopReason.END_TURN).build();
                })
                .loggingConsumer(LOGGED::add)
                .elicitation(request -> {
                    ELICITED.add(request);
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                            Map.of("name", EMAIL, "check", true, "integer", 7));
                })
                .build();
        clients.add(client);
        client.initialize();
        return client;
    }

    private static String token(String group) {
        return oauth.issueToken("idp", "agent", new DefaultOAuth2TokenCallback("idp", group + "-user",
                JOSEObjectType.JWT.getType(), null, Map.of("client_id", "agent", "cognito:groups", List.of(group)),
                3600)).serialize();
    }

    private static String request(int id, String method, Map<String, ?> params) throws Exception {
        return JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The audit trail writes from its own thread: wait (bounded) until an event names {@code expected}. */
    private static List<String> auditLinesOnceWritten(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!AUDIT_LINES.toString().contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return AUDIT_LINES.toString().lines().toList();
    }

    /** No planted or demo value in any log line (DEBUG), audit line, span attribute or metric line. */
    private static void assertNothingLeaked() throws InterruptedException {
        Thread.sleep(200);
        metrics.flush();
        StringBuilder everything = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(LOGS.list)) {
            everything.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                everything.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        everything.append(AUDIT_LINES).append('\n');
        SPANS.getFinishedSpanItems().forEach(span -> everything.append(span.getName()).append(' ')
                .append(span.getAttributes()).append(' ').append(span.getEvents()).append('\n'));
        EMF.forEach(line -> everything.append(line).append('\n'));
        assertThat(LOGS.list).isNotEmpty();
        for (String value : PLANTED) {
            assertThat(everything.toString()).as("leak of a planted value").doesNotContain(value);
        }
    }
}
