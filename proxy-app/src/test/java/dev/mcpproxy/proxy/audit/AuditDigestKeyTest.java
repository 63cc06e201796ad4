package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The digest key from a Secrets Manager secret, as the CDK app generates it (Secrets Manager stubbed). */
class AuditDigestKeyTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mcp-proxy/audit-key-AbCdEf";
    private static final String GENERATED = "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kM7nP9qR1tU3wX5zA7cD9fG1hJ3k";

    private final WireMockServer secretsManager = new WireMockServer(wireMockConfig().dynamicPort());
    private final List<String> regionsAsked = new ArrayList<>();

    @BeforeEach
    void start() {
        secretsManager.start();
    }

    @AfterEach
    void stop() {
        secretsManager.stop();
    }

    @Test
    void theKeyIsTheSecretsValueReadInTheSecretsRegion() throws Exception {
        stubSecret(GENERATED + "\n");

        byte[] key = AuditTrails.digestKey(config(ARN), Map.of(), clients());

        assertThat(key).isEqualTo(GENERATED.getBytes(StandardCharsets.UTF_8));
        assertThat(regionsAsked).containsExactly("eu-west-1");
    }

    @Test
    void aShortOrUnreadableSecretFailsStartupNamingTheSecretNotItsValue() throws Exception {
        stubSecret("short-key");
        assertThatThrownBy(() -> AuditTrails.digestKey(config(ARN), Map.of(), clients()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("audit.digestKeySecretArn: secret " + ARN + " must hold a key of at least 16 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-key"));

        secretsManager.resetAll();
        secretsManager.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"not found\"}")));
        assertThatThrownBy(() -> AuditTrails.digestKey(config(ARN), Map.of(), clients()))
                .hasMessageContaining("audit.digestKeySecretArn: cannot read secret " + ARN);
    }

    @Test
    void theSecretArnIsValidatedAndExclusiveWithAKeyFile() {
        ConfigProblems problems = new ConfigProblems();
        new AuditConfig(null, null, null, null, null, "/run/key", "not-an-arn", null).validate("audit", problems);

        assertThatThrownBy(problems::throwIfAny)
                .hasMessageContaining("audit: give at most one of digestKeyFile, digestKeySecretArn")
                .hasMessageContaining("audit.digestKeySecretArn: must be a Secrets Manager secret ARN");
    }

    private static AuditConfig config(String arn) {
        return new AuditConfig(null, null, null, null, null, null, arn, null);
    }

    private void stubSecret(String value) throws Exception {
        secretsManager.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(ARN)))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(new ObjectMapper().writeValueAsString(Map.of("ARN", ARN, "Name", "audit-key",
                                "SecretString", value)))));
    }

    private Function<String, SecretsManagerClient> clients() {
        return region -> {
            regionsAsked.add(region);
            return SecretsManagerClient.builder()
                    .region(Region.of(region))
                    .endpointOverride(URI.create(secretsManager.baseUrl()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        };
    }
}
