package dev.mcpproxy.cli.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.identity.AppClient;
import dev.mcpproxy.cli.identity.AppClients;
import dev.mcpproxy.cli.identity.CallerOptions;
import dev.mcpproxy.cli.identity.ScopeRequest;
import dev.mcpproxy.cli.runtime.EndpointOption;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.StackNames;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Sends one MCP request to a deployed environment and prints the result as JSON.",
            "Examples:",
            "  invoke --env dev tools/list",
            "  invoke --env dev tools/call lookup_customer --args '{\"customerId\":\"C-1001\"}'",
            "  invoke --env dev resources/read customers://directory",
            "  invoke --env dev prompts/get summarize_customer --args '{\"customerId\":\"C-1001\"}' --auth sigv4",
            "  invoke --env staging tools/list --endpoint canary --client support-agent",
            "With --auth bearer the token carries only the scopes asked for (--scope; default: invoke)."})
public final class InvokeCommand extends AwsCommand {

    /** The methods this command sends, and what their positional target names. */
    enum Method {
        TOOLS_LIST("tools/list", null), TOOLS_CALL("tools/call", "name"),
        RESOURCES_LIST("resources/list", null), RESOURCES_READ("resources/read", "uri"),
        PROMPTS_LIST("prompts/list", null), PROMPTS_GET("prompts/get", "name");

        final String wireName;
        final String targetField;

        Method(String wireName, String targetField) {
            this.wireName = wireName;
            this.targetField = targetField;
        }

        static Method parse(String text) {
            for (Method method : values()) {
                if (method.wireName.equals(text)) {
                    return method;
                }
            }
            throw new CliException(ExitCode.USAGE, "unknown method '" + text
                    + "': use tools/list, tools/call, resources/list, resources/read, prompts/list or prompts/get");
        }

        boolean isList() {
            return targetField == null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "METHOD",
            description = "tools/list, tools/call, resources/list, resources/read, prompts/list or prompts/get.")
    String method;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME|URI",
            description = "The tool or prompt name (tools/call, prompts/get) or the resource URI (resources/read).")
    String targetName;

    @Option(names = "--args", paramLabel = "JSON", description = "Arguments as a JSON object (tools/call, prompts/get).")
    String arguments;

    @Option(names = "--auth", defaultValue = "bearer", paramLabel = "bearer|sigv4",
            description = "bearer: a Cognito client-credentials token (default); sigv4: IAM through InvokeAgentRuntime.")
    String auth;

    @Option(names = "--json", description = "Compact JSON on one line (default: indented).")
    boolean compact;

    @Option(names = "--endpoint", defaultValue = DeployedProxy.DEFAULT_QUALIFIER, paramLabel = "NAME",
            description = "The runtime endpoint to call: DEFAULT (the newest version; default) or a named one such as"
                    + " canary or live.")
    String endpoint;

    @Mixin
    CallerOptions caller;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        Method parsed = Method.parse(method);
        ObjectNode params = params(parsed);
        DeployedProxy.Auth authMode = parseAuth();
        String qualifier = EndpointOption.check("--endpoint", endpoint);
        StackReader stacks = new StackReader(aws.cloudFormation(), aws.region().id());
        String env = target.env();
        DeployedStack foundation = stacks.require(StackNames.foundation(env), env);
        DeployedProxy proxy = new DeployedProxy(aws, foundation, stacks.require(StackNames.runtime(env), env));
        McpClientSession session;
        if (authMode == DeployedProxy.Auth.SIGV4) {
            session = proxy.sigV4Session(qualifier);
        } else {
            AppClient client = new AppClients(foundation, definition).client(caller.client());
            session = proxy.bearerSession(qualifier, client, ScopeRequest.qualify(client, caller.scopes(), definition));
        }
        session.initialize();
        ObjectNode result = parsed.isList() ? allPages(session, parsed) : session.request(parsed.wireName, params);
        context().out().println(compact ? result.toString() : result.toPrettyString());
        return ExitCode.OK;
    }

    private DeployedProxy.Auth parseAuth() {
        return switch (auth) {
            case "bearer" -> DeployedProxy.Auth.BEARER;
            case "sigv4" -> DeployedProxy.Auth.SIGV4;
            default -> throw new CliException(ExitCode.USAGE, "--auth must be bearer or sigv4, not '" + auth + "'");
        };
    }

    private ObjectNode params(Method parsed) {
        ObjectNode params = JSON.createObjectNode();
        if (parsed.isList()) {
            return params;
        }
        if (targetName == null) {
            throw new CliException(ExitCode.USAGE, parsed.wireName + " needs a "
                    + (parsed.targetField.equals("uri") ? "resource URI" : parsed.targetField) + " after the method");
        }
        params.put(parsed.targetField, targetName);
        if (arguments != null) {
            params.set("arguments", argumentsObject());
        } else if (parsed == Method.TOOLS_CALL) {
            params.putObject("arguments");
        }
        return params;
    }

    private ObjectNode argumentsObject() {
        try {
            JsonNode parsed = JSON.readTree(arguments);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
            throw new CliException(ExitCode.USAGE, "--args must be a JSON object like '{\"key\":\"value\"}'");
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.USAGE, "--args is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** List methods follow nextCursor so the printed list is complete. */
    private static ObjectNode allPages(McpClientSession session, Method method) {
        ObjectNode merged = session.request(method.wireName, JSON.createObjectNode());
        String cursor = merged.path("nextCursor").asText(null);
        while (cursor != null) {
            ObjectNode page = session.request(method.wireName, JSON.createObjectNode().put("cursor", cursor));
            for (Map.Entry<String, JsonNode> field : page.properties()) {
                if (field.getValue() instanceof ArrayNode items && merged.path(field.getKey()) instanceof ArrayNode all) {
                    all.addAll(items);
                }
            }
            cursor = page.path("nextCursor").asText(null);
        }
        merged.remove("nextCursor");
        return merged;
    }
}
