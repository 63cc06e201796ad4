package dev.mcpproxy.cli.mcp;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.identity.AppClient;
import dev.mcpproxy.cli.identity.AppClients;
import dev.mcpproxy.cli.identity.CallerOptions;
import dev.mcpproxy.cli.identity.ScopeRequest;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.StackNames;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Prints an access token for an MCP client of an environment.",
            "The token comes from one of the environment's Cognito app clients (client",
            "credentials) and carries only the scopes asked for (default: invoke). Only",
            "the token goes to stdout, nothing else is printed or logged:",
            "  export MCP_PROXY_TOKEN=$(mcp-proxy token --env dev)",
            "  export MCP_PROXY_TOKEN=$(mcp-proxy token --env dev --client support-agent)"})
public final class TokenCommand extends AwsCommand {

    @Mixin
    CallerOptions caller;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        String env = target.env();
        DeployedStack foundation = new StackReader(aws.cloudFormation(), aws.region().id())
                .require(StackNames.foundation(env), env);
        AppClient client = new AppClients(foundation, definition).client(caller.client());
        context().out().println(new EnvironmentToken(aws, foundation, DeployedProxy.HTTP)
                .accessToken(client, ScopeRequest.qualify(client, caller.scopes(), definition)));
        return ExitCode.OK;
    }
}
