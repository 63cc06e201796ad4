package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's demo of who sees personal data, as {@link Main} assembles it: {@code --demo
 * --config docs/demo-callers.yaml}, the demo policies (support may detokenize) and two callers with
 * the unsigned tokens the README makes in the shell.
 */
class DemoCallersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ADA_EMAIL = "ada.lovelace@example.com";

    private static DemoUpstream demo;
    private static ProxyAssembly assembly;
    private static ProxyApplication proxy;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoUpstream.start("127.0.0.1", 0);
        ProxyConfig config = Main.configuration(CommandLine.parse(new String[] {"--demo", "--config",
                "../docs/demo-callers.yaml", "--port", "0"}), Map.of(), demo).validate();
        assembly = ProxyAssembly.create(config);
        proxy = assembly.start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        assembly.close();
        demo.close();
    }

    @Test
    void theSupportCallerSeesTheCustomersEmailAndTheAnalyticsCallerAToken() throws Exception {
        JsonNode support = lookup("support");
        JsonNode analytics = lookup("analytics");

        assertThat(support.at("/result/structuredContent/email").textValue()).isEqualTo(ADA_EMAIL);
        assertThat(analytics.at("/result/structuredContent/email").textValue()).startsWith("pii_email_");
        assertThat(analytics.toString()).doesNotContain(ADA_EMAIL, "4111 1111 1111 1111");
        assertThat(lookup("analytics").at("/result/structuredContent/email"))
                .as("the same token every time").isEqualTo(analytics.at("/result/structuredContent/email"));
    }

    /** The README's shell function, in Java: an unsigned token for a caller in group {@code group}. */
    private static String token(String group) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claims = """
                {"iss":"https://demo.invalid","sub":"%1$s","client_id":"demo-agent","token_use":"access","exp":%2$d,\
                "cognito:groups":["%1$s"]}""".formatted(group, System.currentTimeMillis() / 1000 + 3600);
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".unsigned";
    }

    private static JsonNode lookup(String group) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token(group))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":1,"method":"tools/call",
                         "params":{"name":"lookup_customer","arguments":{"customerId":"C-1001"}}}""")).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
