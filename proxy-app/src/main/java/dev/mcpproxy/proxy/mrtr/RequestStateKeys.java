package dev.mcpproxy.proxy.mrtr;

import dev.mcpproxy.contracts.EnvironmentVariables;
import dev.mcpproxy.proxy.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the key material of {@link RequestStates} comes from: the secret named by
 * {@value #SECRET_ARN_ENV} (deployed runtimes: every microVM reads the same secret), else the
 * material in {@value #MATERIAL_ENV} (local runs), else a key of this process only, with a warning.
 */
public final class RequestStateKeys {
    public static final String SECRET_ARN_ENV = EnvironmentVariables.REQUEST_STATE_KEY_SECRET_ARN;
    public static final String MATERIAL_ENV = EnvironmentVariables.REQUEST_STATE_KEY;
    private static final Logger log = LoggerFactory.getLogger(RequestStateKeys.class);

    private RequestStateKeys() {
    }

    public static RequestStates fromEnvironment(Map<String, String> environment) {
        return fromEnvironment(environment, region -> SecretsManagerClient.builder().region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create()).build());
    }

    /** @param secretsManagers a client for a region (tests point it at a local endpoint) */
    static RequestStates fromEnvironment(Map<String, String> environment,
                                         Function<String, SecretsManagerClient> secretsManagers) {
        String arn = environment.get(SECRET_ARN_ENV);
        String material = arn != null && !arn.isBlank() ? fromSecret(arn.strip(), secretsManagers)
                : environment.get(MATERIAL_ENV);
        if (material == null || material.isBlank()) {
            log.warn("Neither {} nor {}: 2026-07-28 requestStates are sealed with a key of this process only, so"
                    + " a retry that reaches another instance is refused", SECRET_ARN_ENV, MATERIAL_ENV);
            return RequestStates.ephemeral();
        }
        try {
            return RequestStates.fromMaterial(material, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of((arn != null ? SECRET_ARN_ENV : MATERIAL_ENV) + ": " + e.getMessage()));
        }
    }

    /** The secret's string value; failures name the secret, never its content. */
    private static String fromSecret(String arn, Function<String, SecretsManagerClient> secretsManagers) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !"secretsmanager".equals(parts[2])) {
            throw new ConfigException(List.of(SECRET_ARN_ENV + ": not a Secrets Manager secret ARN"));
        }
        try (SecretsManagerClient client = secretsManagers.apply(parts[3])) {
            return client.getSecretValue(request -> request.secretId(arn)).secretString();
        } catch (SdkException e) {
            throw new ConfigException(List.of(SECRET_ARN_ENV + ": cannot read secret " + arn + " ("
                    + e.getClass().getSimpleName() + ")"));
        }
    }
}
