package dev.mcpproxy.cli.runtime;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AwsFailures;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.bedrockagentcorecontrol.BedrockAgentCoreControlClient;

/** Reads a runtime's state from the AgentCore control plane and waits for it to be READY. */
public final class RuntimeControl {

    private final BedrockAgentCoreControlClient control;

    public RuntimeControl(BedrockAgentCoreControlClient control) {
        this.control = control;
    }

    public RuntimeState state(String runtimeId) {
        return RuntimeState.of(AwsFailures.call("reading runtime " + runtimeId + " (bedrock-agentcore:GetAgentRuntime)",
                () -> control.getAgentRuntime(r -> r.agentRuntimeId(runtimeId))));
    }

    /** Polls until READY; a failed state fails with the service's reason, as does running out of time. */
    public RuntimeState awaitReady(String runtimeId, Duration pollInterval, Duration timeout, Progress progress) {
        Instant deadline = Instant.now().plus(timeout);
        String lastStatus = "";
        while (true) {
            RuntimeState state = state(runtimeId);
            if (!state.status().equals(lastStatus)) {
                progress.detail("runtime " + runtimeId + ": " + state.status());
                lastStatus = state.status();
            }
            if (state.isReady()) {
                return state;
            }
            if (state.isFailed()) {
                throw new CliException(ExitCode.DEPLOY_FAILED, "runtime " + runtimeId + " is " + state.status()
                        + ": " + state.failureReason().orElse("the service gave no reason"));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CliException(ExitCode.DEPLOY_FAILED, "runtime " + runtimeId + " did not become READY within "
                        + timeout.toMinutes() + " minutes (still " + state.status() + "); run `deploy` again to keep waiting");
            }
            sleep(pollInterval);
        }
    }

    public EndpointState endpoint(String runtimeId, String endpointName) {
        return EndpointState.of(AwsFailures.call("reading endpoint " + endpointName + " of runtime " + runtimeId
                        + " (bedrock-agentcore:GetAgentRuntimeEndpoint)",
                () -> control.getAgentRuntimeEndpoint(r -> r.agentRuntimeId(runtimeId).endpointName(endpointName))));
    }

    /**
     * Polls until the endpoint is READY serving {@code version}: CloudFormation reports the endpoint updated when the
     * service accepted the change, before the endpoint has moved.
     */
    public EndpointState awaitEndpoint(String runtimeId, String endpointName, int version, Duration pollInterval,
            Duration timeout, Progress progress) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (true) {
            EndpointState state = endpoint(runtimeId, endpointName);
            String shown = state.status() + " (live version " + state.liveVersion().orElse("none") + ")";
            if (!shown.equals(last)) {
                progress.detail("endpoint " + endpointName + ": " + shown);
                last = shown;
            }
            if (state.serves(version)) {
                return state;
            }
            if (state.isFailed()) {
                throw new CliException(ExitCode.DEPLOY_FAILED, "endpoint " + endpointName + " of runtime " + runtimeId + " is "
                        + state.status() + ": " + state.failureReason().orElse("the service gave no reason"));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CliException(ExitCode.DEPLOY_FAILED, "endpoint " + endpointName + " did not serve version " + version
                        + " within " + timeout.toMinutes() + " minutes (" + shown + ")");
            }
            sleep(pollInterval);
        }
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.DEPLOY_FAILED, "interrupted while waiting for the runtime or an endpoint", e);
        }
    }
}
