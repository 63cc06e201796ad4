package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.KeysetHandle;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two proxy processes' worth of proxies sharing one keyset, in front of an upstream that records
 * what it receives; callers are told apart by a test header.
 */
class PiiThroughProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMAIL = "jane.doe@example.com";
    private static final String CARD = "4111 1111 1111 1111";
    private static final String PHONE = "+44 20 7946 0958";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RecordingUpstream upstream;
    private static ProxyApplication proxyA;
    private static ProxyApplication proxyB;
    private static ProxyApplication blocking;

    @BeforeAll
    static void start() throws Exception {
        upstream = RecordingUpstream.start();
        String keyset = PiiKeysetLoader.toJson(PiiKeysetLoader.generate());
        PiiConfig config = new PiiConfig(null, new PiiKeysetConfig("TEST_KEYSET", null, null), null, null, null, null,
                new PiiDetokenizeConfig(false, List.of("support"), null, null));
        proxyA = proxy(stage(config, keyset));
        proxyB = proxy(stage(config, keyset));
        PiiConfig blockCards = new PiiConfig(null, new PiiKeysetConfig("TEST_KEYSET", null, null), null, null,
                List.of(new PiiDetectorConfig("card", null, null, "block")), null, null);
        blocking = proxy(stage(blockCards, keyset));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {proxyA, proxyB, blocking, upstream}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void theUpstreamSeesTokensAnAllowedCallerGetsValuesAndOthersKeepTokens() throws Exception {
        String note = "Customer " + EMAIL + " paid with " + CARD + ", call " + PHONE;
        int before = upstream.received().size();

        JsonNode support = call(proxyA, "support", Map.of("note", note, "contact", Map.of("email", EMAIL)));
        JsonNode sales = call(proxyA, "sales", Map.of("note", note, "contact", Map.of("email", EMAIL)));

        List<JsonNode> received = upstream.received().subList(before, before + 2);
        for (JsonNode arguments : received) {
            assertThat(arguments.toString()).doesNotContain(EMAIL, CARD, PHONE, "1111")
                    .contains("pii_email_", "pii_card_", "pii_phone_");
        }
        assertThat(received.get(0)).isEqualTo(received.get(1));
        assertThat(support.at("/result/structuredContent/note").textValue()).isEqualTo(note);
        assertThat(support.at("/result/structuredContent/contact/email").textValue()).isEqualTo(EMAIL);
        assertThat(support.at("/result/content/0/text").textValue()).contains(EMAIL, CARD, PHONE);
        assertThat(sales.at("/result/structuredContent/note").textValue())
                .isEqualTo(received.get(1).get("note").textValue());
        assertThat(sales.toString()).doesNotContain(EMAIL, CARD, PHONE);
    }

    @Test
    void twoProxiesSharingAKeysetMintAndRestoreTheSameTokens() throws Exception {
        int before = upstream.received().size();
        call(proxyA, "sales", Map.of("email", EMAIL));
        call(proxyB, "sales", Map.of("email", EMAIL));
        List<JsonNode> received = upstream.received().subList(before, before + 2);
        String token = received.get(0).get("email").textValue();

        assertThat(received.get(1).get("email").textValue()).isEqualTo(token).startsWith("pii_email_");
        JsonNode restoredByB = call(proxyB, "support", Map.of("fromA", token));
        assertThat(restoredByB.at("/result/structuredContent/fromA").textValue()).isEqualTo(EMAIL);
    }

    @Test
    void aForgedOrAlteredTokenPassesThroughUntouched() throws Exception {
        int before = upstream.received().size();
        call(proxyA, "sales", Map.of("email", EMAIL));
        String token = upstream.received().get(before).get("email").textValue();
        int middle = token.length() / 2;
        String altered = token.substring(0, middle) + (token.charAt(middle) == 'a' ? 'b' : 'a') + token.substring(middle + 1);
        String forged = "pii_email_" + "a".repeat(60) + "_";

        JsonNode response = call(proxyA, "support", Map.of("altered", altered, "forged", forged));

        assertThat(upstream.received().getLast().get("altered").textValue()).isEqualTo(altered);
        assertThat(response.at("/result/structuredContent/altered").textValue()).isEqualTo(altered);
        assertThat(response.at("/result/structuredContent/forged").textValue()).isEqualTo(forged);
    }

    @Test
    void aBlockRuleStopsTheCallBeforeTheUpstream() throws Exception {
        int before = upstream.received().size();

        JsonNode response = call(blocking, "support", Map.of("payment", Map.of("card", CARD)));

        assertThat(response.at("/error/code").intValue()).isEqualTo(JsonRpcErrors.PII_BLOCKED);
        assertThat(response.at("/error/message").textValue()).contains("card", "/payment/card").doesNotContain("1111");
        assertThat(upstream.received()).hasSize(before);
    }

    private static PiiStage stage(PiiConfig config, String keyset) {
        KeysetHandle handle = new PiiKeysetLoader(name -> "TEST_KEYSET".equals(name) ? keyset : null, region -> {
            throw new AssertionError("no AWS here");
        }).load(config.keyset());
        try {
            return new PiiStage(config, new PiiTokenizer(handle), DetokenizeAuthorizer.fromConfig(config.detokenize()));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static ProxyApplication proxy(PiiStage stage) throws Exception {
        ServerConfig server = new ServerConfig("127.0.0.1", 0, null, SessionMode.STATELESS, null, null, 1, null, null);
        ProxyConfig config = new ProxyConfig(server, List.of(UpstreamConfig.of("rec", upstream.url().toString())),
                new FederationConfig(null, 0), null).validate();
        return ProxyApplication.builder(config)
                .governance(new GovernanceChain(List.of(stage)))
                .callerAuthenticator(PiiThroughProxyTest::groupFromHeader)
                .start();
    }

    /** Test callers name their group in a header. */
    private static Principal groupFromHeader(CallerAuthenticator.InboundRequest request) {
        String group = request.headers().get("x-test-group");
        return group == null ? Principal.ANONYMOUS
                : new Principal(group + "-user", null, Set.of(), Set.of(group), Map.of(), false);
    }

    private static JsonNode call(ProxyApplication proxy, String group, Map<String, Object> arguments) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", Map.of("name", "remember", "arguments", arguments)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.endpoint().toString()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("x-test-group", group)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
