package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.audit.ArgumentDigest;
import dev.mcpproxy.proxy.audit.AuditTrail;
import dev.mcpproxy.proxy.audit.JsonLinesAuditSink;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.policy.ItemOrigins;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.policy.PolicyStage;
import dev.mcpproxy.proxy.governance.validation.ValidationConfig;
import dev.mcpproxy.proxy.governance.validation.ValidationStage;
import dev.mcpproxy.proxy.identity.CallerAuthenticators;
import dev.mcpproxy.proxy.identity.IdentityConfig;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.AuditLines;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamRegistry;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governance stages wired into a running proxy in front of the demo upstream: JWT identity
 * from mock-oauth2-server, the demo Cedar policies, schema validation and the audit trail,
 * driven over HTTP.
 */
class GovernanceEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static MockOAuth2Server oauth;
    private static DemoUpstream demo;
    private static ProxyApplication proxy;
    private static final StringWriter AUDIT_LINES = new StringWriter();
    private static AuditTrail audit;

    @BeforeAll
    static void start() throws Exception {
        oauth = new MockOAuth2Server();
        oauth.start();
        demo = DemoUpstream.start("127.0.0.1", 0);
        AtomicReference<UpstreamRegistry> registry = new AtomicReference<>();
        ItemOrigins origins = ItemOrigins.fromCatalog(() -> registry.get().catalog());
        audit = new AuditTrail(new JsonLinesAuditSink(1000, List.of(AUDIT_LINES)),
                new ArgumentDigest("end-to-end-audit-key".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());
        GovernanceChain chain = new GovernanceChain(List.of(
                PolicyStage.create(new PolicyConfig(true, List.of("classpath:governance/demo-policies.cedar"),
                        "classpath:governance/mcp.cedarschema", null, null), origins),
                ValidationStage.create(ValidationConfig.DEFAULTS)), List.of(), audit);
        IdentityConfig identity = new IdentityConfig(IdentityConfig.Mode.JWT, oauth.wellKnownUrl("idp").toString(),
                null, null, null, List.of("agent"), null, null, null, null, null, null, null, null, null, null, null);
        ProxyConfig config = new ProxyConfig(new ServerConfig("127.0.0.1", 0, null, SessionMode.STATELESS, null, null,
                1, null, null), List.of(UpstreamConfig.of("demo", demo.url().toString())),
                new FederationConfig(null, 0), null).validate();
        proxy = ProxyApplication.builder(config).governance(chain)
                .callerAuthenticator(CallerAuthenticators.create(identity)).onRegistry(registry::set).start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        audit.close();
        demo.close();
        oauth.shutdown();
    }

    private static String token(List<String> groups) {
        return oauth.issueToken("idp", "agent", new DefaultOAuth2TokenCallback("idp", "user-7", JOSEObjectType.JWT.getType(),
                null, Map.of("client_id", "agent", "cognito:groups", groups), 3600)).serialize();
    }

    private static HttpResponse<String> post(String token, String method, Map<String, ?> params)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", params))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same request as a 2026-07-28 client sends it: version and capabilities in _meta, mirrored in headers. */
    private static HttpResponse<String> postModern(String token, String method, Map<String, ?> params)
            throws IOException, InterruptedException {
        Map<String, Object> withMeta = new java.util.LinkedHashMap<>(params);
        withMeta.put("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities", Map.of()));
        HttpRequest.Builder request = HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", method)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", withMeta))));
        if (params.get("name") instanceof String name) {
            request.header("Mcp-Name", name);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC response, whether sent as JSON or as the last event of an SSE stream. */
    private static JsonNode rpc(HttpResponse<String> response) throws IOException {
        String body = response.body();
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            body = body.lines().filter(line -> line.startsWith("data:")).reduce((first, last) -> last).orElseThrow()
                    .substring(5).trim();
        }
        return JSON.readTree(body);
    }

    @Test
    void withoutATokenTheCallerIsSentToTheProtectedResourceMetadata() throws Exception {
        HttpResponse<String> response = post(null, "tools/list", Map.of());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer resource_metadata=\"" + proxy.endpoint().resolve("/.well-known/oauth-protected-resource") + "\"");
        HttpResponse<String> metadata = HTTP.send(HttpRequest.newBuilder(
                proxy.endpoint().resolve("/.well-known/oauth-protected-resource")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(metadata.body()).get("authorization_servers").get(0).asText())
                .isEqualTo(oauth.issuerUrl("idp").toString());
    }

    @Test
    void listingsAreFilteredAndHiddenToolsAreDenied() throws Exception {
        String support = token(List.of("support"));

        JsonNode tools = rpc(post(support, "tools/list", Map.of())).get("result").get("tools");
        JsonNode denied = rpc(post(support, "tools/call", Map.of("name", "charge_card",
                "arguments", Map.of("customerId", "C-1001", "amountCents", 100, "currency", "EUR"))));

        assertThat(tools.valueStream().map(tool -> tool.get("name").asText()).toList()).containsExactlyInAnyOrder("lookup_customer", "search_customers");
        assertThat(denied.get("error").get("code").asInt()).isEqualTo(-32003);
        assertThat(denied.get("error").get("message").asText()).isEqualTo("Not permitted by policy");
    }

    @Test
    void customerRecordsAreListedForSupportOnly() throws Exception {
        JsonNode forSupport = rpc(post(token(List.of("support")), "resources/templates/list", Map.of()));
        JsonNode forOthers = rpc(post(token(List.of()), "resources/templates/list", Map.of()));
        JsonNode publicOnly = rpc(post(token(List.of()), "resources/list", Map.of()));

        assertThat(forSupport.get("result").get("resourceTemplates").valueStream()
                .map(template -> template.get("uriTemplate").asText()).toList()).contains("customers://{id}");
        assertThat(forOthers.get("result").get("resourceTemplates")).isEmpty();
        assertThat(publicOnly.get("result").get("resources").valueStream().map(resource -> resource.get("uri").asText())
                .toList()).containsExactlyInAnyOrder("demo://about", "demo://logo.png");
    }

    @Test
    void deniedAndRejectedCallsAreAuditedWithoutTheirArguments() throws Exception {
        String secret = "../../secret-" + System.nanoTime();
        post(token(List.of("support")), "tools/call", Map.of("name", "update_email",
                "arguments", Map.of("customerId", "C-1002", "email", "new.address@example.com")));
        post(token(List.of("support")), "tools/call", Map.of("name", "lookup_customer",
                "arguments", Map.of("customerId", secret)));

        JsonNode denial = AuditLines.await(AUDIT_LINES, line -> "update_email".equals(line.path("target").asText()));
        JsonNode rejection = AuditLines.await(AUDIT_LINES, line -> "invalid".equals(line.path("validation").asText()));

        assertThat(denial.get("kind").asText()).isEqualTo("audit");
        assertThat(denial.get("principal").asText()).isEqualTo("user-7");
        assertThat(denial.get("clientId").asText()).isEqualTo("agent");
        assertThat(denial.get("groups").get(0).asText()).isEqualTo("support");
        assertThat(denial.get("upstream").asText()).isEqualTo("demo");
        assertThat(denial.get("decision").asText()).isEqualTo("deny");
        assertThat(denial.get("policyIds").get(0).asText()).isEqualTo("demo-only-admins-destructive");
        assertThat(denial.get("errorCode").asInt()).isEqualTo(-32003);
        assertThat(denial.get("argsDigest").asText()).startsWith("hmac-sha256:");
        assertThat(rejection.get("errorCode").asInt()).isEqualTo(-32602);
        assertThat(rejection.get("decision").asText()).isEqualTo("allow");
        assertThat(AUDIT_LINES.toString()).doesNotContain(secret).doesNotContain("new.address@example.com");
    }

    @Test
    void governanceIsTheSameForBothErasAndTheAuditSaysWhichOneWasSpoken() throws Exception {
        // A group of its own tells this test's audit lines apart from the other tests'.
        String support = token(List.of("support", "era-check"));
        Map<String, Object> charge = Map.of("name", "charge_card",
                "arguments", Map.of("customerId", "C-1003", "amountCents", 100, "currency", "EUR"));
        Map<String, Object> invalid = Map.of("name", "lookup_customer", "arguments", Map.of("customerId", "../x"));

        JsonNode legacyTools = rpc(post(support, "tools/list", Map.of())).at("/result/tools");
        JsonNode modernList = rpc(postModern(support, "tools/list", Map.of())).get("result");
        JsonNode legacyDenied = rpc(post(support, "tools/call", charge));
        JsonNode modernDenied = rpc(postModern(support, "tools/call", charge));
        JsonNode modernInvalid = rpc(postModern(support, "tools/call", invalid));

        assertThat(modernList.get("tools")).isEqualTo(legacyTools);
        assertThat(modernList.get("cacheScope").asText()).as("a listing filtered per caller is private")
                .isEqualTo("private");
        assertThat(modernDenied.get("error")).isEqualTo(legacyDenied.get("error"));
        assertThat(modernInvalid.at("/error/code").asInt()).isEqualTo(-32602);
        JsonNode legacyAudit = AuditLines.await(AUDIT_LINES, line -> eraCheck(line, "legacy"));
        JsonNode modernAudit = AuditLines.await(AUDIT_LINES, line -> eraCheck(line, "modern"));
        assertThat(legacyAudit.get("protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(modernAudit.get("protocolVersion").asText()).isEqualTo("2026-07-28");
        assertThat(modernAudit.get("decision")).isEqualTo(legacyAudit.get("decision"));
        assertThat(modernAudit.get("argsDigest")).isEqualTo(legacyAudit.get("argsDigest"));
        assertThat(modernAudit.get("principal").asText()).isEqualTo("user-7");
    }

    private static boolean eraCheck(JsonNode line, String era) {
        return "charge_card".equals(line.path("target").asText()) && era.equals(line.path("protocolEra").asText())
                && line.path("groups").toString().contains("era-check");
    }

    @Test
    void anAdminMayCallWhatOthersMayNot() throws Exception {
        JsonNode charged = rpc(post(token(List.of("admins")), "tools/call", Map.of("name", "charge_card",
                "arguments", Map.of("customerId", "C-1001", "amountCents", 100, "currency", "EUR"))));

        assertThat(charged.has("result")).as(charged.toString()).isTrue();
    }

    @Test
    void argumentsThatViolateTheToolsSchemaNeverReachTheUpstream() throws Exception {
        JsonNode invalid = rpc(post(token(List.of("support")), "tools/call", Map.of("name", "lookup_customer",
                "arguments", Map.of("customerId", "../../etc/passwd"))));
        JsonNode valid = rpc(post(token(List.of("support")), "tools/call", Map.of("name", "lookup_customer",
                "arguments", Map.of("customerId", "C-1001"))));

        assertThat(invalid.get("error").get("code").asInt()).isEqualTo(-32602);
        assertThat(invalid.get("error").get("message").asText()).contains("/customerId").doesNotContain("passwd");
        assertThat(valid.get("result").get("isError").asBoolean(false)).isFalse();
    }

}
