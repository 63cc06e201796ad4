package dev.mcpproxy.cli.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.logs.LogLine;
import dev.mcpproxy.cli.logs.LogReader;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.promote.EndpointVersions;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.StackNames;
import dev.mcpproxy.contracts.StackOutputs;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows an environment's runtime: status, version, image digest, endpoint, the version each endpoint"
                + " serves, last deployment, recent errors.")
public final class StatusCommand extends AwsCommand {

    /** Log lines that count as errors for the status summary. */
    static final String ERROR_PATTERN = "?ERROR ?Exception";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Option(names = "--errors-since", defaultValue = "60", paramLabel = "MINUTES",
            description = "How far back to look for errors in the application log (default: ${DEFAULT-VALUE} minutes).")
    long errorMinutes;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        StackReader stacks = new StackReader(aws.cloudFormation(), aws.region().id());
        String env = target.env();
        DeployedStack foundation = stacks.require(StackNames.foundation(env), env);
        DeployedStack runtime = stacks.require(StackNames.runtime(env), env);
        RuntimeState state = new RuntimeControl(aws.agentCoreControl()).state(runtime.output(StackOutputs.RUNTIME_ID));
        List<LogLine> errors = latest(new LogReader(aws.logs()).read(foundation.output(StackOutputs.APPLICATION_LOG_GROUP_NAME),
                Instant.now().minus(Duration.ofMinutes(errorMinutes)), Optional.of(ERROR_PATTERN), 1000), 5);

        ObjectNode status = JSON.createObjectNode()
                .put("environment", env)
                .put("region", aws.region().id())
                .put("status", state.status())
                .put("version", state.version())
                .put("image", state.containerUri().orElse(runtime.outputs().getOrDefault(StackOutputs.IMAGE_URI, "")))
                .put("imageDigest", state.imageDigest().orElse(""))
                .put("endpoint", runtime.outputs().getOrDefault(StackOutputs.RUNTIME_ENDPOINT_URL, ""))
                .put("runtimeArn", runtime.outputs().getOrDefault(StackOutputs.RUNTIME_ARN, ""))
                .put("lastDeployed", state.lastUpdated().orElse(runtime.lastChanged()).toString())
                .put("stackStatus", runtime.status());
        state.failureReason().ifPresent(reason -> status.put("failureReason", reason));
        // DEFAULT always serves the newest version; named endpoints serve the version they are pinned to.
        ObjectNode endpoints = status.putObject("endpoints").put(DeployedProxy.DEFAULT_QUALIFIER, state.version());
        EndpointVersions.deployed(runtime, definition).byName()
                .forEach((name, version) -> endpoints.put(name, String.valueOf(version)));
        ArrayNode recentErrors = status.putArray("recentErrors");
        errors.forEach(line -> recentErrors.addObject()
                .put("timestamp", line.timestamp().toString()).put("message", line.message().stripTrailing()));

        if (json) {
            context().out().println(status.toPrettyString());
        } else {
            printHuman(context().out(), status);
        }
        return ExitCode.OK;
    }

    /** FilterLogEvents reads oldest first; the summary wants the newest. */
    private static List<LogLine> latest(List<LogLine> lines, int count) {
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    private static void printHuman(PrintStream out, ObjectNode status) {
        for (String field : List.of("environment", "region", "status", "failureReason", "version", "image", "imageDigest",
                "endpoint", "runtimeArn", "lastDeployed", "stackStatus")) {
            if (status.has(field)) {
                out.printf("%-14s %s%n", field, status.path(field).asText());
            }
        }
        StringBuilder endpoints = new StringBuilder();
        status.path("endpoints").properties().forEach(e -> endpoints.append(endpoints.isEmpty() ? "" : " ")
                .append(e.getKey()).append('=').append(e.getValue().asText()));
        out.printf("%-14s %s%n", "endpoints", endpoints);
        ArrayNode errors = (ArrayNode) status.path("recentErrors");
        out.printf("%-14s %s%n", "recentErrors", errors.isEmpty() ? "none" : errors.size());
        errors.forEach(error -> out.println("  " + error.path("timestamp").asText() + " " + error.path("message").asText()));
    }
}
