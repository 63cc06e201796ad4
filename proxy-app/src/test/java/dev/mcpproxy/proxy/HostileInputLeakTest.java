package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy as its own process (JWT identity, the demo policies, which read
 * {@code context.arguments}, audit to a file, DEBUG logging): values planted in deep and huge
 * arguments, in the JSON-RPC id, in a claim, in unauthenticated bodies, in the Host and session
 * headers must not appear on
 * stdout, on stderr (where Cedar's native code prints its panics) or in the audit file.
 */
class HostileInputLeakTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEEP = "deep-canary-9043";
    private static final String BIG = "big-canary-6620";
    private static final String ID = "id-canary-3317@example.org";
    private static final String CLAIM = "claim-canary-5521@example.org";
    private static final String UNAUTHENTICATED = "unauthenticated-canary-1187";
    private static final String HOST = "host-canary-4410";
    private static final String SESSION = "session-canary-2290";
    private static final List<String> PLANTED = List.of(DEEP, BIG, ID, CLAIM, UNAUTHENTICATED, HOST, SESSION);

    @TempDir
    Path dir;

    @Test
    void plantedValuesReachNoOutput() throws Exception {
        MockOAuth2Server oauth = new MockOAuth2Server();
        oauth.start();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("proxy.yaml");
        Path audit = dir.resolve("audit.jsonl");
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        Files.writeString(config, """
                server:
                  host: 127.0.0.1
                  maxJsonDepth: 300
                logging:
                  level: DEBUG
                identity:
                  mode: jwt
                  discoveryUrl: %s
                  clientIds: [agent]
                  claims: [email]
                audit:
                  file: %s
                """.formatted(oauth.wellKnownUrl("idp"), audit));
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Main.class.getName(), "--config", config.toString(), "--demo",
                "--port", Integer.toString(port))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
            String token = oauth.issueToken("idp", "agent", new DefaultOAuth2TokenCallback("idp", "alice",
                    JOSEObjectType.JWT.getType(), null, Map.of("client_id", "agent", "email", CLAIM,
                    "cognito:groups", List.of("billing")), 3600)).serialize();
            awaitListening(stdout, process);

            String tool = chargeCardName(post(http, endpoint, token, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
            String deep = "[".repeat(200) + "\"" + DEEP + "\"" + "]".repeat(200);
            String big = "\"" + (BIG + " ").repeat(3 * 1024 * 1024 / (BIG.length() + 1)) + "\"";
            for (String amount : List.of(deep, big)) {
                JsonNode answer = JSON.readTree(post(http, endpoint, token, "{\"jsonrpc\":\"2.0\",\"id\":\"" + ID
                        + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":{\"cardLast4\":\"4242\",\"amountCents\":" + amount + "}}}").body());

                assertThat(answer.at("/error/code").asInt()).isEqualTo(-32602);
                assertThat(answer.at("/error/message").asText()).startsWith("Arguments too large or too deeply nested");
            }
            HttpResponse<String> unauthenticated = post(http, endpoint, "forged", "{\"jsonrpc\":\"2.0\",\"id\":\""
                    + UNAUTHENTICATED + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + UNAUTHENTICATED + "\"}}");
            assertThat(unauthenticated.statusCode()).isEqualTo(401);
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: " + HOST + " x/y\r\nConnection: close\r\n"
                        + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                        + "Authorization: Bearer " + token + "\r\nContent-Length: 2\r\n\r\n{}")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getInputStream().readAllBytes();
            }
        } finally {
            process.toHandle().destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            oauth.shutdown();
        }

        String out = Files.readString(stdout, StandardCharsets.ISO_8859_1);
        String err = Files.readString(stderr, StandardCharsets.ISO_8859_1);
        String trail = Files.readString(audit, StandardCharsets.ISO_8859_1);
        assertThat(trail).contains("\"decision\":\"deny\"").contains("clientRequestIdDigest");
        assertThat(err).doesNotContain("panicked");
        for (String planted : PLANTED) {
            assertThat(out).as("stdout").doesNotContain(planted);
            assertThat(err).as("stderr").doesNotContain(planted);
            assertThat(trail).as("audit").doesNotContain(planted);
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI endpoint, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").header("Authorization", "Bearer " + token)
                // Stateless mode ignores the session header; one that is no MCP session id is dropped.
                .header("Mcp-Session-Id", SESSION + " " + "s".repeat(200))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String chargeCardName(HttpResponse<String> tools) throws Exception {
        for (JsonNode tool : JSON.readTree(tools.body()).at("/result/tools")) {
            if (tool.path("name").asText().endsWith("charge_card")) {
                return tool.path("name").asText();
            }
        }
        throw new AssertionError("charge_card not listed: " + tools.body());
    }

    private static void awaitListening(Path stdout, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.readString(stdout, StandardCharsets.ISO_8859_1).contains("Proxy listening")) {
                return;
            }
            assertThat(process.isAlive()).as("the proxy exited early").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the proxy did not start within 60 s");
    }
}
