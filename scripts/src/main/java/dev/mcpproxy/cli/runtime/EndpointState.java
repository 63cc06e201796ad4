package dev.mcpproxy.cli.runtime;

import java.util.Optional;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeEndpointResponse;

/**
 * A named endpoint as the control plane reports it: {@code liveVersion} serves requests, {@code targetVersion} is
 * the one it is moving to while {@code UPDATING}.
 */
public record EndpointState(String name, String status, Optional<String> liveVersion, Optional<String> targetVersion,
        Optional<String> failureReason) {

    static EndpointState of(GetAgentRuntimeEndpointResponse endpoint) {
        return new EndpointState(endpoint.name(), endpoint.statusAsString(), Optional.ofNullable(endpoint.liveVersion()),
                Optional.ofNullable(endpoint.targetVersion()), Optional.ofNullable(endpoint.failureReason()));
    }

    public boolean serves(int version) {
        return "READY".equals(status) && liveVersion.equals(Optional.of(String.valueOf(version)));
    }

    public boolean isFailed() {
        return status != null && status.endsWith("_FAILED");
    }
}
