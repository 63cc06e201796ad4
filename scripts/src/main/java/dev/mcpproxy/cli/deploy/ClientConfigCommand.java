package dev.mcpproxy.cli.deploy;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.identity.AppClient;
import dev.mcpproxy.cli.identity.AppClients;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.promote.EndpointVersions;
import dev.mcpproxy.cli.runtime.EndpointOption;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.StackNames;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "client-config", mixinStandardHelpOptions = true,
        description = {"Prints the MCP client configuration of one app client of an environment.",
            "The configuration goes to stdout, the client's token command to stderr. The",
            "URL is the production endpoint (live) where the environment has one,",
            "otherwise DEFAULT; the token holds only the invoke scope:",
            "  mcp-proxy client-config --env staging --client support-agent > mcp.json"})
public final class ClientConfigCommand extends AwsCommand {

    @Option(names = "--client", paramLabel = "NAME",
            description = "The app client the agent acts as (a name under cognito.clients in environment.yaml); default: operator.")
    String client;

    @Option(names = "--endpoint", paramLabel = "NAME",
            description = "The runtime endpoint to use (default: live where the environment has it, otherwise DEFAULT).")
    String endpoint;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        Optional.ofNullable(endpoint).ifPresent(name -> EndpointOption.check("--endpoint", name));
        String env = target.env();
        StackReader stacks = new StackReader(aws.cloudFormation(), aws.region().id());
        DeployedStack foundation = stacks.require(StackNames.foundation(env), env);
        DeployedStack runtime = stacks.require(StackNames.runtime(env), env);
        AppClient app = new AppClients(foundation, definition).client(Optional.ofNullable(client));
        String qualifier = Optional.ofNullable(endpoint)
                .orElseGet(() -> ClientConfig.clientEndpoint(EndpointVersions.deployed(runtime, definition)));
        String url = new DeployedProxy(aws, foundation, runtime).endpoint(qualifier).toString();
        context().out().println(ClientConfig.forEndpoint(env, url).toPrettyString());
        context().err().println("Get the token of app client " + app.name() + " with: " + ClientConfig.tokenCommand(env, app.name()));
        return ExitCode.OK;
    }
}
