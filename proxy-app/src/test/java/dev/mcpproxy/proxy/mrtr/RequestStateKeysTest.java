package dev.mcpproxy.proxy.mrtr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.testing.StubbedSecretsManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Instances reading the same secret (or material) accept each other's states; bad settings name their key. */
class RequestStateKeysTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:request-state-AbCdEf";
    private static final String MATERIAL = "generated-request-state-material-0123456789abcdef";

    private final StubbedSecretsManager secretsManager = new StubbedSecretsManager();

    @AfterEach
    void stop() {
        secretsManager.close();
    }

    @Test
    void instancesReadingTheSameSecretShareTheKey() throws Exception {
        secretsManager.stubSecret(ARN, MATERIAL);
        Map<String, String> environment = Map.of(RequestStateKeys.SECRET_ARN_ENV, ARN);
        ObjectNode params = (ObjectNode) new ObjectMapper().readTree("{\"name\":\"t\",\"arguments\":{}}");

        String sealed = RequestStateKeys.fromEnvironment(environment, secretsManager::client)
                .seal("p", "tools/call", params, List.of());

        assertThat(RequestStateKeys.fromEnvironment(environment, secretsManager::client)
                .open(sealed, "p", "tools/call", params).answers()).isEmpty();
        assertThat(RequestStateKeys.fromEnvironment(Map.of(RequestStateKeys.MATERIAL_ENV, MATERIAL), region -> {
            throw new AssertionError("no secret to read");
        }).open(sealed, "p", "tools/call", params).answers()).isEmpty();
        assertThat(secretsManager.regionsAsked()).contains("eu-west-1");
    }

    @Test
    void badSettingsNameTheirVariable() {
        secretsManager.stubSecret(ARN, "too short");

        assertThatThrownBy(() -> RequestStateKeys.fromEnvironment(Map.of(RequestStateKeys.SECRET_ARN_ENV, ARN),
                secretsManager::client)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RequestStateKeys.SECRET_ARN_ENV).hasMessageContaining("at least 32 characters")
                .hasMessageNotContaining("too short");
        assertThatThrownBy(() -> RequestStateKeys.fromEnvironment(Map.of(RequestStateKeys.SECRET_ARN_ENV, "not-an-arn"),
                secretsManager::client)).hasMessageContaining("not a Secrets Manager secret ARN");
    }
}
