package dev.mcpproxy.cli.stack;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.aws.AwsFailures;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** Reads stacks and their outputs; a missing stack is an answer, not an error, until a command needs it. */
public final class StackReader {

    private final CloudFormationClient cloudFormation;
    private final String region;

    public StackReader(CloudFormationClient cloudFormation, String region) {
        this.cloudFormation = cloudFormation;
        this.region = region;
    }

    public Optional<DeployedStack> find(String stackName) {
        try {
            Stack stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
            Map<String, String> outputs = stack.outputs().stream()
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> b));
            return Optional.of(new DeployedStack(stack.stackName(), stack.stackStatusAsString(),
                    stack.lastUpdatedTime() != null ? stack.lastUpdatedTime() : stack.creationTime(), outputs))
                    .filter(s -> !s.status().equals("DELETE_COMPLETE"));
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw AwsFailures.translate("reading stack " + stackName, e);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsFailures.translate("reading stack " + stackName, e);
        }
    }

    /** The stack, or a NOT_DEPLOYED failure that says how to deploy it. */
    public DeployedStack require(String stackName, String env) {
        return find(stackName).orElseThrow(() -> new CliException(ExitCode.NOT_DEPLOYED,
                "environment '" + env + "' is not deployed in " + region + ": stack " + stackName
                        + " does not exist. Deploy it with `mcp-proxy deploy --env " + env + "`"
                        + " (or check --region / --profile)."));
    }
}
