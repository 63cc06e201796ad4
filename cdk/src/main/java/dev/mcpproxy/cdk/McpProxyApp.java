package dev.mcpproxy.cdk;

import dev.mcpproxy.cdk.environment.EndpointVersions;
import dev.mcpproxy.cdk.environment.EnvironmentException;
import dev.mcpproxy.cdk.environment.EnvironmentLoader;
import dev.mcpproxy.cdk.environment.LoadedEnvironment;
import dev.mcpproxy.cdk.foundation.FoundationStack;
import dev.mcpproxy.cdk.runtime.ImageReference;
import dev.mcpproxy.cdk.runtime.RuntimeStack;
import dev.mcpproxy.contracts.CdkContext;
import dev.mcpproxy.contracts.EnvironmentFiles;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: {@code cdk synth -c env=prod -c imageDigest=sha256:...}. Without {@code env} (or with
 * {@code env=all}) every environment is synthesized; without an image only the foundation stacks are, so the
 * repository can exist before the image that the runtime stack pins.
 */
public final class McpProxyApp {
    private McpProxyApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app);
        } catch (EnvironmentException | IllegalArgumentException e) {
            // A definition or context mistake: the message says what to fix, a stack trace would bury it.
            System.err.println(e.getMessage());
            System.exit(1);
        }
        app.synth();
    }

    /** Adds the selected environments' stacks to {@code app}, with cdk-nag's AwsSolutions checks on all of them. */
    public static List<DeployedEnvironment> build(App app) {
        EnvironmentLoader loader = new EnvironmentLoader(Path.of(context(app, CdkContext.ENVIRONMENTS_DIR, EnvironmentFiles.DIRECTORY)));
        String selected = context(app, CdkContext.ENV, "all");
        List<String> names = selected.equals("all") ? loader.names() : List.of(selected);
        ImageReference image = image(app);
        Map<String, Integer> endpointVersions = EndpointVersions.parse(context(app, CdkContext.ENDPOINT_VERSIONS, null));
        if (!endpointVersions.isEmpty() && names.size() != 1) {
            throw new IllegalArgumentException(CdkContext.ENDPOINT_VERSIONS + " moves the endpoints of one environment: add -c "
                    + CdkContext.ENV + "=<name>");
        }
        // Validate every selected environment before building any construct.
        List<LoadedEnvironment> environments = names.stream()
                .map(name -> EndpointVersions.apply(loader.load(name), endpointVersions))
                .toList();
        List<DeployedEnvironment> deployed = environments.stream().map(loaded -> {
            FoundationStack foundation = new FoundationStack(app, loaded.definition());
            RuntimeStack runtime = image == null ? null : new RuntimeStack(app, loaded, foundation, image);
            return new DeployedEnvironment(loaded, foundation, runtime);
        }).toList();
        Tags.of(app).add("project", "agentcore-mcp-proxy");
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        if (image == null) {
            System.err.println("No -c " + CdkContext.IMAGE_DIGEST + "=sha256:... or -c " + CdkContext.IMAGE_TAG
                    + "=... given: synthesizing only the Foundation stacks. Push the image, then deploy the Runtime stack with one of them.");
        }
        return deployed;
    }

    private static ImageReference image(App app) {
        String digest = context(app, CdkContext.IMAGE_DIGEST, null);
        String tag = context(app, CdkContext.IMAGE_TAG, null);
        return digest == null && tag == null ? null : new ImageReference(digest, tag);
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    /** The stacks of one environment; {@code runtime} is null when no image was given. */
    public record DeployedEnvironment(LoadedEnvironment environment, FoundationStack foundation, RuntimeStack runtime) {
    }
}
