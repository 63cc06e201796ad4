package dev.mcpproxy.cli.runtime;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.bedrockagentcorecontrol.model.GetAgentRuntimeResponse;

/** What the AgentCore control plane says about a runtime. */
public record RuntimeState(
        String status, String version, Optional<String> containerUri, Optional<Instant> lastUpdated,
        Optional<String> failureReason) {

    static RuntimeState of(GetAgentRuntimeResponse runtime) {
        Optional<String> uri = Optional.ofNullable(runtime.agentRuntimeArtifact())
                .map(artifact -> artifact.containerConfiguration())
                .map(container -> container.containerUri());
        return new RuntimeState(runtime.statusAsString(), runtime.agentRuntimeVersion(), uri,
                Optional.ofNullable(runtime.lastUpdatedAt()), Optional.ofNullable(runtime.failureReason()));
    }

    public boolean isReady() {
        return "READY".equals(status);
    }

    public boolean isFailed() {
        return status != null && (status.endsWith("_FAILED") || status.equals("DELETING"));
    }

    /** The {@code sha256:...} part of a digest-pinned image URI. */
    public Optional<String> imageDigest() {
        return containerUri.filter(uri -> uri.contains("@")).map(uri -> uri.substring(uri.indexOf('@') + 1));
    }
}
