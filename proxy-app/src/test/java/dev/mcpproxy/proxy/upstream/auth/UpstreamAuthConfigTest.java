package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamAuthConfigTest {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void bindsEveryModeFromYaml() throws Exception {
        UpstreamAuthConfig sigv4 = yaml.readValue("""
                type: sigv4
                sigv4: {region: eu-west-1}
                """, UpstreamAuthConfig.class);
        UpstreamAuthConfig oauth2 = yaml.readValue("""
                type: oauth2
                oauth2:
                  discoveryUrl: https://login.example.com/.well-known/openid-configuration
                  clientId: mcp-proxy
                  clientSecret: {secretsManager: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x", jsonKey: clientSecret}
                  scopes: [tools.read]
                  clientAuth: post
                headers:
                  X-Tenant: {secret: {env: TENANT_ID}}
                """, UpstreamAuthConfig.class);

        assertThat(valid(sigv4)).isTrue();
        assertThat(sigv4.sigv4()).isEqualTo(new SigV4Config("bedrock-agentcore", "eu-west-1"));
        assertThat(valid(oauth2)).isTrue();
        assertThat(oauth2.oauth2().clientAuth()).isEqualTo(ClientAuthMethod.POST);
        assertThat(oauth2.oauth2().refreshSkewSeconds()).isEqualTo(60);
        assertThat(oauth2.headers().get("X-Tenant").secret().refreshSeconds()).isEqualTo(300);
        assertThat(UpstreamAuthConfig.NONE.type()).isEqualTo(AuthType.NONE);
    }

    @Test
    void rejectsUnknownKeys() {
        assertThatThrownBy(() -> yaml.readValue("type: oauth2\noauth2: {clientSecrett: {env: X}}",
                UpstreamAuthConfig.class)).isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void reportsEveryProblemWithItsFullKey() throws Exception {
        UpstreamAuthConfig config = yaml.readValue("""
                type: oauth2
                oauth2:
                  tokenUrl: ftp://nowhere
                  clientSecret: {env: A, file: /b}
                  scopes: ["two words"]
                headers:
                  Content-Type: {secret: {env: C}}
                  "bad header": {secret: {}}
                """, UpstreamAuthConfig.class);
        ConfigProblems problems = new ConfigProblems();
        config.validate("upstreams[2].auth", problems);

        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactlyInAnyOrder(
                        "upstreams[2].auth.oauth2.tokenUrl: must be an http(s) URL",
                        "upstreams[2].auth.oauth2.clientId: is required",
                        "upstreams[2].auth.oauth2.clientSecret: set exactly one of env, file, secretsManager",
                        "upstreams[2].auth.oauth2.scopes[0]: must be one non-blank scope without spaces",
                        "upstreams[2].auth.headers.Content-Type: set by the proxy itself",
                        "upstreams[2].auth.headers.bad header: not a valid HTTP header name",
                        "upstreams[2].auth.headers.bad header.secret: set exactly one of env, file, secretsManager"));
    }

    @Test
    void buildsRuntimeInvocationUrlsAndReadsRegions() {
        URI runtime = AgentCoreUrls.runtimeInvocationUrl(
                "arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/my_server-XyZ123", null);

        assertThat(runtime.toString()).isEqualTo("https://bedrock-agentcore.eu-central-1.amazonaws.com/runtimes/"
                + "arn%3Aaws%3Abedrock-agentcore%3Aeu-central-1%3A123456789012%3Aruntime%2Fmy_server-XyZ123"
                + "/invocations?qualifier=DEFAULT");
        assertThat(AgentCoreUrls.regionOf(runtime)).contains("eu-central-1");
        assertThat(AgentCoreUrls.resolve("arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/my_server-XyZ123"))
                .isEqualTo(runtime);
        assertThat(AgentCoreUrls.resolve("https://mcp.example.com/mcp")).hasHost("mcp.example.com");
        URI gateway = URI.create("https://gw-abc123.gateway.bedrock-agentcore.us-west-2.amazonaws.com/mcp");
        assertThat(AgentCoreUrls.isGatewayUrl(gateway)).isTrue();
        assertThat(AgentCoreUrls.regionOf(gateway)).contains("us-west-2");
        assertThat(AgentCoreUrls.regionOf(URI.create("https://mcp.example.com/mcp"))).isEmpty();
        assertThat(AgentCoreUrls.isRuntimeArn("arn:aws:lambda:us-east-1:1:function:x")).isFalse();
    }

    private static boolean valid(UpstreamAuthConfig config) {
        ConfigProblems problems = new ConfigProblems();
        config.validate("auth", problems);
        return problems.isEmpty();
    }
}
