package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A secret in AWS Secrets Manager: fetched when created (startup), fetched again once the refresh
 * interval has passed, so a rotated secret is picked up without restart. If a refresh fails, the
 * last value keeps serving and a warning is logged (without the value).
 */
final class SecretsManagerSecretSource implements SecretSource {
    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerSecretSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;
    private final String secretId;
    private final String jsonKey;
    private final Duration refreshInterval;
    private final Clock clock;
    private String value;
    private Instant fetchedAt;

    SecretsManagerSecretSource(SecretsManagerClient client, String secretId, String jsonKey, Duration refreshInterval,
                               Clock clock) throws UpstreamAuthException {
        this.client = client;
        this.secretId = secretId;
        this.jsonKey = jsonKey;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        fetch();
    }

    @Override
    public synchronized String value() throws UpstreamAuthException {
        if (!clock.instant().isBefore(fetchedAt.plus(refreshInterval))) {
            try {
                fetch();
            } catch (UpstreamAuthException e) {
                LOG.warn("Keeping the current value of Secrets Manager secret {}: refresh failed: {}", secretId,
                        e.getMessage());
                fetchedAt = clock.instant();
            }
        }
        return value;
    }

    @Override
    public synchronized void invalidate() {
        fetchedAt = Instant.MIN;
    }

    private void fetch() throws UpstreamAuthException {
        String secretString;
        try {
            secretString = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw new UpstreamAuthException("Secrets Manager secret " + secretId + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
        }
        if (secretString == null) {
            throw new UpstreamAuthException("Secrets Manager secret " + secretId + " has no string value");
        }
        value = jsonKey == null ? secretString : field(secretString);
        fetchedAt = clock.instant();
    }

    private String field(String secretString) throws UpstreamAuthException {
        try {
            JsonNode field = JSON.readTree(secretString).path(jsonKey);
            if (!field.isValueNode() || field.asText().isEmpty()) {
                throw new UpstreamAuthException("Secrets Manager secret " + secretId + " has no key " + jsonKey);
            }
            return field.asText();
        } catch (IOException e) {
            throw new UpstreamAuthException("Secrets Manager secret " + secretId + " is not a JSON object (key "
                    + jsonKey + " requested)");
        }
    }
}
