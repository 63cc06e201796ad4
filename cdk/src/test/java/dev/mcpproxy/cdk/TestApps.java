package dev.mcpproxy.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.contracts.CdkContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * Synthesized apps shared by the test classes: building one costs seconds (jsii), so each distinct context is
 * built once per JVM. The context is the repository's {@code cdk.json} (same feature flags as {@code cdk synth}).
 */
public final class TestApps {
    /** A fixed digest so that templates are deterministic. */
    public static final String IMAGE_DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    public static final Path ENVIRONMENTS = Path.of("environments");

    private static final Map<Map<String, Object>, Built> CACHE = new HashMap<>();

    /** One app with every environment (foundation and runtime stacks), pinned to {@link #IMAGE_DIGEST}. */
    public static Built allEnvironments() {
        return build(Map.of(CdkContext.IMAGE_DIGEST, IMAGE_DIGEST));
    }

    public static synchronized Built build(Map<String, Object> extraContext) {
        return CACHE.computeIfAbsent(extraContext, extra -> {
            Map<String, Object> context = new HashMap<>(cdkJsonContext());
            context.put(CdkContext.ENVIRONMENTS_DIR, ENVIRONMENTS.toString());
            context.putAll(extra);
            App app = new App(AppProps.builder().context(context).build());
            return new Built(app, McpProxyApp.build(app));
        });
    }

    /** The context block of the repository's cdk.json, read as the CDK CLI would pass it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> cdkJsonContext() {
        try {
            JsonNode cdkJson = new ObjectMapper().readTree(Path.of("..", "cdk.json").toFile());
            return new ObjectMapper().convertValue(cdkJson.get("context"), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Built(App app, List<McpProxyApp.DeployedEnvironment> environments) {
        public McpProxyApp.DeployedEnvironment environment(String name) {
            return environments.stream().filter(e -> e.environment().definition().name().equals(name)).findFirst().orElseThrow();
        }
    }

    private TestApps() {
    }
}
