package dev.mcpproxy.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The derived variable names, as environments' proxy.yaml files refer to them. */
class EnvironmentVariablesTest {

    @Test
    void perClientAndPerUpstreamVariablesAreUpperSnakeCase() {
        assertThat(EnvironmentVariables.identityClientId("support-agent")).isEqualTo("MCP_PROXY_IDENTITY_CLIENT_ID_SUPPORT_AGENT");
        assertThat(EnvironmentVariables.upstreamClientSecretArn("crm-api")).isEqualTo("UPSTREAM_CRM_API_CLIENT_SECRET_ARN");
    }

    @Test
    void theConfigurationPathIsInsideTheImagesEnvironmentsFolder() {
        assertThat(ProxyContainer.configPath("prod")).isEqualTo("/app/environments/prod/proxy.yaml");
    }
}
