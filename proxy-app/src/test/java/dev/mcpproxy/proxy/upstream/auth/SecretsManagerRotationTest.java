package dev.mcpproxy.proxy.upstream.auth;

import dev.mcpproxy.proxy.testing.StubbedSecretsManager;
import dev.mcpproxy.proxy.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets Manager through the SDK against a stubbed endpoint: startup read, interval refresh, rotation. */
class SecretsManagerRotationTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:weather-api-AbCdEf";
    private static final URI UPSTREAM = URI.create("https://weather.example.com/mcp");

    private final MutableClock clock = new MutableClock();
    private StubbedSecretsManager secretsManager;
    private UpstreamAuthFactory factory;

    @BeforeEach
    void start() {
        secretsManager = new StubbedSecretsManager();
        factory = new UpstreamAuthFactory(null, () -> secretsManager.client("us-east-1"), null, () -> "us-east-1",
                name -> null, clock);
    }

    @AfterEach
    void stop() {
        factory.close();
        secretsManager.close();
    }

    @Test
    void aRotatedSecretIsPickedUpAfterTheRefreshInterval() throws Exception {
        secretsManager.stubSecret(ARN, "{\"apiKey\":\"key-one\",\"other\":\"x\"}");
        UpstreamAuthenticator auth = factory.create("weather", UPSTREAM, apiKeyFrom(ARN));
        assertThat(apiKey(auth)).isEqualTo("Key key-one");

        secretsManager.stubSecret(ARN, "{\"apiKey\":\"key-two\"}");
        clock.advance(Duration.ofSeconds(59));
        assertThat(apiKey(auth)).isEqualTo("Key key-one");
        clock.advance(Duration.ofSeconds(1));
        assertThat(apiKey(auth)).isEqualTo("Key key-two");
    }

    @Test
    void aFailedRefreshKeepsTheLastValue() throws Exception {
        secretsManager.stubSecret(ARN, "{\"apiKey\":\"key-one\"}");
        UpstreamAuthenticator auth = factory.create("weather", UPSTREAM, apiKeyFrom(ARN));

        secretsManager.server().stubFor(StubbedSecretsManager.getSecretValue(ARN).willReturn(aResponse().withStatus(500)));
        clock.advance(Duration.ofMinutes(5));

        assertThat(apiKey(auth)).isEqualTo("Key key-one");
    }

    @Test
    void aRejectedKeyIsReadAgainBeforeTheRetry() throws Exception {
        secretsManager.stubSecret(ARN, "{\"apiKey\":\"key-one\"}");
        UpstreamAuthenticator auth = factory.create("weather", UPSTREAM, apiKeyFrom(ARN));
        secretsManager.stubSecret(ARN, "{\"apiKey\":\"key-two\"}");

        assertThat(auth.credentialsRejected()).isTrue();

        assertThat(apiKey(auth)).isEqualTo("Key key-two");
        secretsManager.server().verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aMissingSecretFailsStartupNamingItButNoValue() {
        secretsManager.stubMissing(ARN);

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
}
