package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.ProxyUnderTest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity mode {@code jwt} against raw HTTP with real tokens from mock-oauth2-server: odd tokens,
 * paths and hosts get a 4xx with a JSON body (and a challenge where one is due), never a 500.
 */
class HostileCallerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JwtDemoProxy fixture;
    private static MockOAuth2Server oauth;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        fixture = JwtDemoProxy.start(SessionMode.STATELESS);
        oauth = fixture.oauth;
        proxy = fixture.proxy;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String validToken() {
        return fixture.token("alice");
    }

    /** One raw HTTP/1.1 exchange; the connection is closed after the answer. */
    private static RawAnswer raw(String method, String target, String host, String token, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "Connection: close\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + bytes.length + "\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            return RawAnswer.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private record RawAnswer(int status, String headers, String body) {
        static RawAnswer of(String text) {
            int end = text.indexOf("\r\n\r\n");
            return new RawAnswer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end), text.substring(end + 4));
        }

        JsonNode json() throws IOException {
            assertThat(headers.toLowerCase()).contains("content-type: application/json");
            return JSON.readTree(body);
        }
    }

    @Test
    void aSignedTokenWithoutClientIdOrAzpGets401WithAChallenge() throws Exception {
        String token = oauth.anyToken(oauth.issuerUrl(JwtDemoProxy.ISSUER), Map.of("sub", "alice", "token_use", "access"),
                Duration.ofHours(1)).serialize();

        RawAnswer answer = raw("POST", "/mcp", "localhost", token, request(1, "ping", Map.of()));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.headers()).contains("WWW-Authenticate: Bearer error=\"invalid_token\"");
        assertThat(answer.json().at("/error/code").asInt()).isEqualTo(-32007);
    }

    @Test
    void aValidTokenWithAnythingAppendedToItsSignatureIsRefused() throws Exception {
        String ping = request(1, "ping", Map.of());
        assertThat(raw("POST", "/mcp", "localhost", validToken(), ping).status()).isEqualTo(200);

        RawAnswer answer = raw("POST", "/mcp", "localhost", validToken() + "!!", ping);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().at("/error/code").asInt()).isEqualTo(-32007);
    }

    @Test
    void aPercentEncodedMetadataPathIsServedLikeThePlainOne() throws Exception {
        RawAnswer plain = raw("GET", "/.well-known/oauth-protected-resource", "proxy.example.com", null, "");
        RawAnswer encoded = raw("GET", "/.well-known/oauth-protected-resourc%65", "proxy.example.com", null, "");

        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.json().get("resource").asText()).isEqualTo("http://proxy.example.com/mcp");
        assertThat(encoded.status()).isLessThan(500);
        assertThat(encoded.json().has("resource") ? encoded.json().get("resource").asText()
                : encoded.json().at("/error/code").asText()).isIn("http://proxy.example.com/mcp", "-32600");
    }

    @Test
    void pathParametersAndOddCharactersAreA4xxWithJsonNeverA500() throws Exception {
        String ping = request(1, "tools/list", Map.of());
        for (String target : List.of("/mcp;a|b", "/mcp;a=b", "/mcp%3Bx", "/mcp/..;/mcp", "/%2e%2e/mcp", "/mcp|x")) {
            for (String token : java.util.Arrays.asList(null, validToken())) {
                RawAnswer answer = raw("POST", target, "localhost", token, ping);

                assertThat(answer.status()).as(target).isNotEqualTo(500);
                assertThat(answer.json().has("jsonrpc")).as(target).isTrue();
                if (answer.status() == 401) {
                    assertThat(answer.headers()).contains("resource_metadata=\"http://localhost/.well-known/");
                }
            }
        }
    }

    @Test
    void theChallengeNamesAValidatedHostNeverWhateverTheClientSent() throws Exception {
        for (String host : List.of("evil_host:8000", "a b", "x\"y", "[zz]", "host/path")) {
            RawAnswer answer = raw("POST", "/mcp", host, null, request(1, "tools/list", Map.of()));

            assertThat(answer.status()).as(host).isIn(400, 401);
            if (answer.status() == 401) {
                assertThat(answer.headers()).as(host)
                        .containsPattern("resource_metadata=\"http://127\\.0\\.0\\.1:[0-9]+/\\.well-known/")
                        .doesNotContain("null");
            }
        }
        RawAnswer named = raw("POST", "/mcp", "proxy.example.com:8443", null, request(1, "tools/list", Map.of()));
        assertThat(named.headers())
                .contains("resource_metadata=\"http://proxy.example.com:8443/.well-known/oauth-protected-resource\"");
    }
}
