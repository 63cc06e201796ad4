package dev.mcpproxy.proxy.upstream.auth;

import dev.mcpproxy.proxy.testing.RecordingHttpServer;
import dev.mcpproxy.proxy.testing.RecordingHttpServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A test upstream checks every request's signature on its own, as AWS does. */
class SigV4VerifiedUpstreamTest {
    private static final AwsCredentials ROLE_V1 = AwsSessionCredentials.create("ASIAROLEKEY1", "secret-one", "token-one");
    private static final AwsCredentials ROLE_V2 = AwsBasicCredentials.create("AKIAROLEKEY2", "secret-two");
    private static final String BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";

    private final AtomicReference<AwsCredentials> current = new AtomicReference<>(ROLE_V1);
    private final AwsCredentialsProvider rotating = current::get;
    private final SigV4Verifier verifier = new SigV4Verifier(
            Map.of(ROLE_V1.accessKeyId(), ROLE_V1, ROLE_V2.accessKeyId(), ROLE_V2), "bedrock-agentcore", "us-west-2");
    private RecordingHttpServer upstream;

    @BeforeEach
    void start() throws Exception {
        upstream = new RecordingHttpServer(request -> verifier.verify(request)
                ? Reply.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")
                : Reply.status(403));
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void everyRequestCarriesAValidSignatureOverItsBody() throws Exception {
        AuthenticatingTestClient client = new AuthenticatingTestClient(sigV4());

        assertThat(client.post(upstream.uri("/mcp"), BODY).statusCode()).isEqualTo(200);
        assertThat(client.post(upstream.uri("/mcp"), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").statusCode())
                .isEqualTo(200);
        assertThat(upstream.received()).allSatisfy(request -> {
            assertThat(request.headers()).containsKeys("authorization", "x-amz-date");
            assertThat(request.headers()).containsEntry("x-amz-security-token", "token-one");
        });
    }

    @Test
    void signsTheRuntimeInvocationPathWithItsEncodedArn() throws Exception {
        URI runtime = AgentCoreUrls.runtimeInvocationUrl(
                "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/weather_mcp-Ab12Cd34Ef", "DEFAULT");
        URI local = upstream.uri(runtime.getRawPath() + "?" + runtime.getRawQuery());

        assertThat(new AuthenticatingTestClient(sigV4()).post(local, BODY).statusCode()).isEqualTo(200);
        assertThat(upstream.received().getFirst().rawPath()).isEqualTo(
                "/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A123456789012%3Aruntime%2Fweather_mcp-Ab12Cd34Ef/invocations");
    }

    @Test
    void aBodyChangedAfterSigningFailsVerification() throws Exception {
        AuthenticatingTestClient client = new AuthenticatingTestClient(sigV4());

        int status = client.send(upstream.uri("/mcp"), BODY, BODY.replace("tools/list", "tools/call")).statusCode();

        assertThat(status).isEqualTo(403);
    }

    @Test
    void rotatedCredentialsAreUsedFromTheNextRequest() throws Exception {
        AuthenticatingTestClient client = new AuthenticatingTestClient(sigV4());
        assertThat(client.post(upstream.uri("/mcp"), BODY).statusCode()).isEqualTo(200);

        current.set(ROLE_V2);

        assertThat(client.post(upstream.uri("/mcp"), BODY).statusCode()).isEqualTo(200);
        assertThat(upstream.received().get(1).headers().get("authorization")).contains("Credential=AKIAROLEKEY2/");
        assertThat(upstream.received().get(1).headers()).doesNotContainKey("x-amz-security-token");
    }

    @Test
    void staticHeadersAreSignedToo() throws Exception {
        UpstreamAuthFactory factory = new UpstreamAuthFactory(null, () -> null, rotating, () -> "us-west-2",
                Map.of("TENANT_KEY", "tenant-42")::get, Clock.systemUTC());
        UpstreamAuthenticator authenticator = factory.create("gateway", upstream.uri("/mcp"),
                new UpstreamAuthConfig(AuthType.SIGV4, null, null,
                        Map.of("X-Tenant-Key", new StaticHeaderConfig(null, SecretRef.fromEnv("TENANT_KEY")))));

        assertThat(new AuthenticatingTestClient(authenticator).post(upstream.uri("/mcp"), BODY).statusCode())
                .isEqualTo(200);
        assertThat(upstream.received().getFirst().headers()).containsEntry("x-tenant-key", "tenant-42");
        assertThat(upstream.received().getFirst().headers().get("authorization")).contains("x-tenant-key");
    }

    private SigV4Authenticator sigV4() {
        return new SigV4Authenticator(rotating, "bedrock-agentcore", "us-west-2", Clock.systemUTC());
    }
}
