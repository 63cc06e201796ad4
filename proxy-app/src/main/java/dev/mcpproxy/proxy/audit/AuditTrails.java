package dev.mcpproxy.proxy.audit;

import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Builds the audit trail from its configuration: outputs, queue and the digest key. */
public final class AuditTrails {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrails.class);

    private AuditTrails() {
    }

    /**
     * The audit trail, or null when auditing is disabled; an invalid configuration throws
     * {@link dev.mcpproxy.proxy.config.ConfigException}.
     */
    public static AuditTrail create(AuditConfig config) {
        return create(config, System.getenv(), region -> SecretsManagerClient.builder()
                .region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .build());
    }

    static AuditTrail create(AuditConfig config, Map<String, String> environment) {
        return create(config, environment, region -> {
            throw new IllegalStateException("no Secrets Manager client for " + region);
        });
    }

    /** @param secretsManagers a client for a region (tests point it at a local endpoint) */
    static AuditTrail create(AuditConfig config, Map<String, String> environment,
                             Function<String, SecretsManagerClient> secretsManagers) {
        ConfigProblems problems = new ConfigProblems();
        config.validate("audit", problems);
        problems.throwIfAny();
        if (!config.enabled()) {
            return null;
        }
        List<Writer> outputs = new ArrayList<>();
        if (config.stdout()) {
            outputs.add(new StdoutWriter(System.out));
        }
        if (config.file() != null) {
            try {
                outputs.add(Files.newBufferedWriter(Path.of(config.file()), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the audit file " + config.file(), e);
            }
        }
        if (config.cloudWatchLogGroup() != null) {
            outputs.add(new CloudWatchLogsWriter(CloudWatchLogsClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .build(), config.cloudWatchLogGroup(), streamName(), Clock.systemUTC()));
        }
        return new AuditTrail(new JsonLinesAuditSink(config.queueCapacity(), outputs),
                new ArgumentDigest(digestKey(config, environment, secretsManagers)), Clock.systemUTC());
    }

    /** Unique per process, sortable by start time: {@code 2026-11-24T21-30-00Z-<uuid>}. */
    private static String streamName() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(':', '-') + "-" + UUID.randomUUID();
    }

    static byte[] digestKey(AuditConfig config, Map<String, String> environment,
                            Function<String, SecretsManagerClient> secretsManagers) {
        if (config.digestKeySecretArn() != null) {
            return fromSecret(config.digestKeySecretArn(), secretsManagers);
        }
        if (config.digestKeyFile() != null) {
            try {
                return Files.readString(Path.of(config.digestKeyFile())).strip().getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the audit digest key file " + config.digestKeyFile(), e);
            }
        }
        String fromEnvironment = environment.get(config.digestKeyEnv());
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip().getBytes(StandardCharsets.UTF_8);
        }
        LOG.warn("No audit digest key in {} or a key file: argument digests correlate only within this process",
                config.digestKeyEnv());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** The secret's string value; failures name the secret, never its content. */
    private static byte[] fromSecret(String arn, Function<String, SecretsManagerClient> secretsManagers) {
        String value;
        try (SecretsManagerClient client = secretsManagers.apply(arn.split(":", 6)[3])) {
            value = client.getSecretValue(request -> request.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new ConfigException(List.of("audit.digestKeySecretArn: cannot read secret " + arn + " ("
                    + e.getClass().getSimpleName() + ")"));
        }
        if (value == null || value.strip().length() < 16) {
            throw new ConfigException(List.of("audit.digestKeySecretArn: secret " + arn
                    + " must hold a key of at least 16 characters"));
        }
        return value.strip().getBytes(StandardCharsets.UTF_8);
    }
}
