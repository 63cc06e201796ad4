package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.testing.ScriptedMcpUpstream;
import dev.mcpproxy.proxy.upstream.MessageSink;
import dev.mcpproxy.proxy.upstream.StreamableHttpConnection;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamObserver;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The authenticators inside the real upstream connection, against upstreams that check credentials. */
class AuthenticatedConnectionTest {
    private static final AwsBasicCredentials ROLE = AwsBasicCredentials.create("AKIAPROXYROLE", "proxy-role-secret");

    @Test
    void everyRequestOfASessionIsSignedLastAndVerifies() throws Exception {
        SigV4Verifier verifier = new SigV4Verifier(Map.of(ROLE.accessKeyId(), ROLE), "bedrock-agentcore", "us-east-1");
        try (ScriptedMcpUpstream gateway = new ScriptedMcpUpstream();
             StreamableHttpConnection connection = connect(gateway, new SigV4Authenticator(
                     StaticCredentialsProvider.create(ROLE), "bedrock-agentcore", "us-east-1", Clock.systemUTC()))) {
            gateway.admitOnly(verifier::verify, 403);

            connection.initialize();
            ObjectNode result = connection.request(toolCall(), MessageSink.DISCARD);

            assertThat(result.path("result").path("content").get(0).path("text").asText()).isEqualTo("ok");
            assertThat(gateway.received()).filteredOn(r -> r.method().equals("POST")).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(request -> assertThat(request.headers()).containsKeys("authorization",
                            "x-amz-date", "x-amz-content-sha256"));
            assertThat(gateway.received().getLast().headers().get("authorization"))
                    .contains("SignedHeaders=accept;content-type;host;mcp-protocol-version;x-amz-content-sha256;x-amz-date");
        }
    }

    @Test
    void anUpstream401RefreshesTheTokenOnceAndRetries() throws Exception {
        MockOAuth2Server tokenServer = new MockOAuth2Server();
        tokenServer.start();
        try (ScriptedMcpUpstream upstream = new ScriptedMcpUpstream()) {
            UpstreamAuthenticator oauth2 = new UpstreamAuthFactory(HttpClient.newHttpClient(), () -> null, null,
                    () -> "us-east-1", Map.of("SECRET", "client-secret")::get, Clock.systemUTC())
                    .create("scripted", upstream.url(), new UpstreamAuthConfig(AuthType.OAUTH2, null,
                            new OAuth2Config(tokenServer.tokenEndpointUrl("issuer").toString(), null, "proxy",
                                    SecretRef.fromEnv("SECRET"), List.of("mcp"), null, null, null, null, null, null),
                            null));
            Set<String> revoked = ConcurrentHashMap.newKeySet();
            try (StreamableHttpConnection connection = connect(upstream, oauth2)) {
                connection.initialize();
                String first = upstream.received().getLast().headers().get("authorization");
                revoked.add(first);
                upstream.admitOnly(request -> !revoked.contains(request.headers().get("authorization")), 401);

                ObjectNode result = connection.request(toolCall(), MessageSink.DISCARD);

                assertThat(result.has("result")).isTrue();
                List<String> sent = upstream.received().stream()
                        .filter(r -> r.bodyText().contains("tools/call"))
                        .map(r -> r.headers().get("authorization")).toList();
                assertThat(sent).hasSize(2);
                assertThat(sent.get(0)).isEqualTo(first);
                assertThat(sent.get(1)).startsWith("Bearer ").isNotEqualTo(first);
                assertThat(upstream.toolCalls()).isEqualTo(1);
            }
        } finally {
            tokenServer.shutdown();
        }
    }

    private static StreamableHttpConnection connect(ScriptedMcpUpstream upstream, UpstreamAuthenticator auth) {
        UpstreamConfig config = UpstreamConfig.of("scripted", upstream.url().toString());
        return new StreamableHttpConnection(config, StreamableHttpConnection.newHttpClient(config), auth,
                JsonNodeFactory.instance.objectNode(), UpstreamObserver.NONE);
    }

    private static ObjectNode toolCall() {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0").put("id", 7)
                .put("method", "tools/call");
        request.putObject("params").put("name", "echo").putObject("arguments");
        return request;
    }
}
