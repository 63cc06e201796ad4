package dev.mcpproxy.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.aws.AwsFailures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackResource;

/**
 * What a stack keeps when it is deleted: the resources its template marks {@code Retain}
 * (for example the audit log group in production), with their physical names.
 */
final class RetainedResources {

    /** @param logicalId the template's name; physicalId the AWS name (log group name, bucket name, ...) */
    record Retained(String stack, String type, String logicalId, String physicalId) {}

    private static final Set<String> KEEPING_POLICIES = Set.of("Retain", "RetainExceptOnCreate", "Snapshot");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RetainedResources() {}

    static List<Retained> of(CloudFormationClient cloudFormation, String stackName) {
        String body = AwsFailures.call("reading the template of " + stackName + " (cloudformation:GetTemplate)",
                () -> cloudFormation.getTemplate(r -> r.stackName(stackName)).templateBody());
        JsonNode resources;
        try {
            resources = JSON.readTree(body).path("Resources");
        } catch (IOException notJson) {
            return List.of();
        }
        Map<String, String> physicalIds = AwsFailures.call("listing the resources of " + stackName,
                () -> cloudFormation.describeStackResources(r -> r.stackName(stackName))).stackResources().stream()
                .filter(resource -> resource.physicalResourceId() != null)
                .collect(Collectors.toMap(StackResource::logicalResourceId, StackResource::physicalResourceId, (a, b) -> a));
        List<Retained> retained = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : resources.properties()) {
            if (KEEPING_POLICIES.contains(resource.getValue().path("DeletionPolicy").asText())) {
                retained.add(new Retained(stackName, resource.getValue().path("Type").asText(), resource.getKey(),
                        physicalIds.getOrDefault(resource.getKey(), "(not created)")));
            }
        }
        return retained;
    }
}
