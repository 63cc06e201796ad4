package dev.mcpproxy.cli.promote;

import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.environment.EnvironmentDefinition.DeclaredEndpoint;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.contracts.StackOutputs;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runtime version each named endpoint is pinned to, as the runtime stack's {@code EndpointVersion<Name>} outputs
 * report it, and as the CDK app takes it back: {@code -c endpointVersions=canary=5,live=4}.
 */
public record EndpointVersions(Map<String, Integer> byName) {

    public EndpointVersions {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /**
     * The versions of the endpoints environment.yaml declares, in a deployed runtime stack; an endpoint not deployed
     * yet is absent, and so is every endpoint when there is no definition to name them.
     */
    public static EndpointVersions deployed(DeployedStack runtime, Optional<EnvironmentDefinition> definition) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (DeclaredEndpoint endpoint : definition.map(EnvironmentDefinition::endpoints).orElse(List.of())) {
            String value = runtime.outputs().get(StackOutputs.endpointVersion(endpoint.name()));
            if (value != null && value.matches("[1-9][0-9]{0,4}")) {
                versions.put(endpoint.name(), Integer.parseInt(value));
            }
        }
        return new EndpointVersions(versions);
    }

    public Optional<Integer> of(String endpoint) {
        return Optional.ofNullable(byName.get(endpoint));
    }

    public EndpointVersions with(String endpoint, int version) {
        Map<String, Integer> moved = new LinkedHashMap<>(byName);
        moved.put(endpoint, version);
        return new EndpointVersions(moved);
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** The CDK context value: {@code canary=5,live=4}. */
    public String context() {
        return byName.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
