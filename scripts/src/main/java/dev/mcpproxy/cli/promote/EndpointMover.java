package dev.mcpproxy.cli.promote;

import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.cdk.CdkToolkit;
import dev.mcpproxy.cli.runtime.RuntimeControl;
import dev.mcpproxy.contracts.CdkContext;
import dev.mcpproxy.contracts.StackNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves a named endpoint to another runtime version through the runtime stack, so CloudFormation stays the one owner
 * of the endpoints (a change made beside it would be drift, and the next deployment would undo it): a
 * {@code cdk deploy} with the same image digest and new {@code endpointVersions}, then a wait until the endpoint
 * serves that version.
 */
final class EndpointMover {

    private final CdkToolkit cdk;
    private final RuntimeControl control;
    private final String env;
    private final String runtimeId;
    private final String imageDigest;
    private final String runtimeVersion;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Progress progress;

    /** @param runtimeVersion the runtime's newest version: moving endpoints must not create another */
    EndpointMover(CdkToolkit cdk, RuntimeControl control, String env, String runtimeId, String imageDigest,
            String runtimeVersion, Duration pollInterval, Duration timeout, Progress progress) {
        this.cdk = cdk;
        this.control = control;
        this.env = env;
        this.runtimeId = runtimeId;
        this.imageDigest = imageDigest;
        this.runtimeVersion = runtimeVersion;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.progress = progress;
    }

    EndpointVersions move(EndpointVersions current, String endpoint, int version) {
        EndpointVersions target = current.with(endpoint, version);
        progress.step("Moving endpoint " + endpoint + " from version " + current.of(endpoint).map(String::valueOf).orElse("-")
                + " to " + version);
        Map<String, String> context = new LinkedHashMap<>();
        context.put(CdkContext.IMAGE_DIGEST, imageDigest);
        context.put(CdkContext.ENDPOINT_VERSIONS, target.context());
        cdk.deploy(StackNames.runtime(env), env, context);
        String now = control.state(runtimeId).version();
        if (!runtimeVersion.equals(now)) {
            // The checkout differs from what was deployed (proxy.yaml, environment.yaml): CloudFormation updated the
            // runtime too, and DEFAULT now serves the new version.
            progress.detail("warning: the runtime stack held more changes than the endpoint: the runtime went from version "
                    + runtimeVersion + " to " + now + " (DEFAULT serves it). Deploy from the checkout you deployed last.");
        }
        control.awaitEndpoint(runtimeId, endpoint, version, pollInterval, timeout, progress);
        return target;
    }
}
