package dev.mcpproxy.proxy.audit;

import dev.mcpproxy.proxy.testing.StubbedSecretsManager;
import dev.mcpproxy.proxy.testing.TestSecrets;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The digest key from a Secrets Manager secret, as the CDK app generates it (Secrets Manager stubbed). */
class AuditDigestKeyTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mcp-proxy/audit-key-AbCdEf";
    private static final String GENERATED = TestSecrets.alphanumeric(64);

    private final StubbedSecretsManager secretsManager = new StubbedSecretsManager();

    @AfterEach
    void stop() {
        secretsManager.close();
    }

    @Test
    void theKeyIsTheSecretsValueReadInTheSecretsRegion() throws Exception {
        secretsManager.stubSecret(ARN, GENERATED + "\n");

        byte[] key = AuditTrails.digestKey(config(ARN), Map.of(), secretsManager::client);

        assertThat(key).isEqualTo(GENERATED.getBytes(StandardCharsets.UTF_8));
        assertThat(secretsManager.regionsAsked()).containsExactly("eu-west-1");
    }

    @Test
    void aShortOrUnreadableSecretFailsStartupNamingTheSecretNotItsValue() throws Exception {
        secretsManager.stubSecret(ARN, "short-key");
        assertThatThrownBy(() -> AuditTrails.digestKey(config(ARN), Map.of(), secretsManager::client))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("audit.digestKeySecretArn: secret " + ARN + " must hold a key of at least 16 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short-key"));

        secretsManager.stubMissing(ARN);
        assertThatThrownBy(() -> AuditTrails.digestKey(config(ARN), Map.of(), secretsManager::client))
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
}
