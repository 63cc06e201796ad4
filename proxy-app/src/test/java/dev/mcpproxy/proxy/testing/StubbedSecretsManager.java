package dev.mcpproxy.proxy.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * AWS Secrets Manager's {@code GetSecretValue}, stubbed on loopback (no local Secrets Manager
 * exists), with real SDK clients pointed at it. Its credentials are made up per run.
 */
public final class StubbedSecretsManager implements AutoCloseable {
    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
    private final List<String> regionsAsked = new CopyOnWriteArrayList<>();

    public StubbedSecretsManager() {
        server.start();
    }

    /** Answers {@code GetSecretValue} for {@code arn} with {@code secretString}, replacing an earlier answer. */
    public void stubSecret(String arn, String secretString) {
        String body = "{\"ARN\":" + JsonNodeFactory.instance.textNode(arn) + ",\"Name\":\"secret\",\"VersionId\":\""
                + UUID.randomUUID() + "\",\"SecretString\":" + JsonNodeFactory.instance.textNode(secretString) + "}";
        server.stubFor(getSecretValue(arn).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }

    /** Answers {@code GetSecretValue} for {@code arn} with {@code ResourceNotFoundException}. */
    public void stubMissing(String arn) {
        server.stubFor(getSecretValue(arn).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"ResourceNotFoundException\","
                        + "\"message\":\"Secrets Manager can't find the specified secret.\"}")));
    }

    public static MappingBuilder getSecretValue(String arn) {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(arn)));
    }

    /** A real SDK client for {@code region}, reaching this stub; the region is remembered. */
    public SecretsManagerClient client(String region) {
        regionsAsked.add(region);
        return SecretsManagerClient.builder()
                .region(Region.of(region))
                .endpointOverride(URI.create(server.baseUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("test-" + UUID.randomUUID(), UUID.randomUUID().toString())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public List<String> regionsAsked() {
        return List.copyOf(regionsAsked);
    }

    public WireMockServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }
}
