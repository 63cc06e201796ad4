package dev.mcpproxy.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The output keys the CDK app derives from names in environment.yaml. */
class OutputNamesTest {

    @Test
    void namesBecomePascalCaseAtHyphensAndUnderscores() {
        assertThat(OutputNames.clientId("support-agent")).isEqualTo("ClientSupportAgentId");
        assertThat(OutputNames.clientSecretArn("operator")).isEqualTo("ClientOperatorSecretArn");
        assertThat(OutputNames.clientScopes("team_a-bot2")).isEqualTo("ClientTeamABot2Scopes");
        assertThat(OutputNames.endpointVersion("canary")).isEqualTo("EndpointVersionCanary");
        assertThat(OutputNames.endpointVersion("liveEU")).isEqualTo("EndpointVersionLiveEU");
    }
}
