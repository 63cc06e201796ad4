package dev.mcpproxy.cli.mcp;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackNames;
import dev.mcpproxy.cli.stack.StackReader;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Prints an access token for the MCP clients of an environment.",
            "The token comes from the environment's Cognito app client (client credentials).",
            "Only the token goes to stdout, nothing else is printed or logged:",
            "  export MCP_TOKEN=$(mcp-proxy token --env dev)"})
public final class TokenCommand extends AwsCommand {

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        String env = target.env();
        DeployedStack foundation = new StackReader(aws.cloudFormation(), aws.region().id())
                .require(StackNames.foundation(env), env);
        context().out().println(new EnvironmentToken(aws, foundation, DeployedProxy.HTTP).accessToken());
        return ExitCode.OK;
    }
}
