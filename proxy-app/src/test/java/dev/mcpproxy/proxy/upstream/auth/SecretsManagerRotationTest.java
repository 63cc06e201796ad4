package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.mcpproxy.proxy.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets Manager through the SDK against a stubbed endpoint: startup read, interval refresh, rotation. */
class SecretsManagerRotationTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:weather-api-AbCdEf";
    private static final URI UPSTREAM = URI.create("https://weather.example.com/mcp");

    private final MutableClock clock = new MutableClock();
    private WireMockServer secretsManager;
    private UpstreamAuthFactory factory;

    @BeforeEach
    void start() {
        secretsManager = new WireMockServer(wireMockConfig().dynamicPort());
        secretsManager.start();
        factory = new UpstreamAuthFactory(null, () -> SecretsManagerClient.builder()
                .endpointOverride(URI.create(secretsManager.baseUrl()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build(), null, () -> "us-east-1", name -> null, clock);
    }

    @AfterEach
    void stop() {
        factory.close();
        secretsManager.stop();
    }

    @Test
    void aRotatedSecretIsPickedUpAfterTheRefreshInterval() throws Exception {
        stubSecret(ARN, "{\"apiKey\":\"key-one\",\"other\":\"x\"}");
        UpstreamAuthenticator auth = factory.create("weather", UPSTREAM, apiKeyFrom(ARN));
        assertThat(apiKey(auth)).isEqualTo("Key key-one");

        stubSecret(ARN, "{\"apiKey\":\"key-two\"}");
        clock.advance(Duration.ofSeconds(59));
        assertThat(apiKey(auth)).isEqualTo("Key key-one");
        clock.advance(Duration.ofSeconds(1));
        assertThat(apiKey(auth)).isEqualTo("Key key-two");
    }

    @Test
    void aFailedRefreshKeepsTheLastValue() throws Exception {
        stubSecret(ARN, "{\"apiKey\":\"key-one\"}");
        UpstreamAuthenticator auth = factory.create("weather", UPSTREAM, apiKeyFrom(ARN));

        secretsManager.stubFor(getSecretValue(ARN).willReturn(aResponse().withStatus(500)));
        clock.advance(Duration.ofMinutes(5));

        assertThat(apiKey(auth)).isEqualTo("Key key-one");
    }

    @Test
    void aRejectedKeyIsReadAgainBeforeTheRetry() throws Exception {
        stubSecret(ARN, "{\"apiKey\":\"key-one\"}");
        UpstreamAuthenticator auth = factory.create("weather", UPSTREAM, apiKeyFrom(ARN));
        stubSecret(ARN, "{\"apiKey\":\"key-two\"}");

        assertThat(auth.credentialsRejected()).isTrue();

        assertThat(apiKey(auth)).isEqualTo("Key key-two");
        secretsManager.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aMissingSecretFailsStartupNamingItButNoValue() {
        secretsManager.stubFor(getSecretValue(ARN).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}")));

        assertThatThrownBy(() -> factory.create("weather", UPSTREAM, apiKeyFrom(ARN)))
                .isInstanceOf(UpstreamAuthException.class)
                .hasMessageContaining("upstream weather")
                .hasMessageContaining(ARN);
    }

    private static UpstreamAuthConfig apiKeyFrom(String arn) {
        SecretRef ref = new SecretRef(null, null, arn, "apiKey", 60);
        return new UpstreamAuthConfig(AuthType.HEADERS, null, null,
                Map.of("X-Api-Key", new StaticHeaderConfig("Key ", ref)));
    }

    private static String apiKey(UpstreamAuthenticator auth) throws UpstreamAuthException {
        return auth.headers("POST", UPSTREAM, Map.of(), new byte[0]).get("x-api-key");
    }

    private void stubSecret(String arn, String secretString) {
        String body = "{\"ARN\":\"" + arn + "\",\"Name\":\"weather-api\",\"VersionId\":\"v\",\"SecretString\":"
                + JsonNodeFactory.instance.textNode(secretString) + "}";
        secretsManager.stubFor(getSecretValue(arn).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    private static MappingBuilder getSecretValue(String arn) {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(arn)));
    }
}
