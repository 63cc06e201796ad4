package dev.mcpproxy.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The output keys the CDK app derives from names in environment.yaml, and the stack names around them. */
class StackOutputsTest {

    @Test
    void namesBecomePascalCaseAtHyphensAndUnderscores() {
        assertThat(StackOutputs.clientId("support-agent")).isEqualTo("ClientSupportAgentId");
        assertThat(StackOutputs.clientSecretArn("operator")).isEqualTo("ClientOperatorSecretArn");
        assertThat(StackOutputs.clientScopes("team_a-bot2")).isEqualTo("ClientTeamABot2Scopes");
        assertThat(StackOutputs.endpointVersion("canary")).isEqualTo("EndpointVersionCanary");
        assertThat(StackOutputs.endpointVersion("liveEU")).isEqualTo("EndpointVersionLiveEU");
        assertThat(StackOutputs.endpointUrl("blue_green")).isEqualTo("EndpointUrlBlueGreen");
    }

    @Test
    void stacksAreNamedByEnvironmentAndPart() {
        assertThat(StackNames.foundation("prod")).isEqualTo("McpProxy-prod-Foundation");
        assertThat(StackNames.runtime("dev")).isEqualTo("McpProxy-dev-Runtime");
    }
}
