package dev.mcpproxy.cli.deploy;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.mcp.McpClientSession;

/** A deployed proxy answers initialize and tools/list through its invocation URL with a Cognito token. */
final class SmokeTest {

    private SmokeTest() {}

    /** @return how many tools the proxy lists */
    static int run(DeployedProxy proxy) {
        try {
            McpClientSession session = proxy.session(DeployedProxy.Auth.BEARER);
            session.initialize();
            return session.request("tools/list", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode())
                    .path("tools").size();
        } catch (CliException e) {
            throw new CliException(ExitCode.SMOKE_TEST_FAILED, "smoke test of " + proxy.endpoint().getHost()
                    + " failed: " + e.getMessage() + ". Check `mcp-proxy logs` and `mcp-proxy status`.", e);
        }
    }
}
