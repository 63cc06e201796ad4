package dev.mcpproxy.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Everything a command touches outside the JVM, so tests run the real commands against local
 * servers: streams, environment variables, where the project lives, and AWS endpoint/credential
 * overrides (empty for real use: the SDK's default chains apply).
 *
 * @param projectDir the project's root (holds {@code cdk/} and {@code proxy-app/})
 * @param awsEndpoint one endpoint for every AWS service, for stubs; empty in real use
 * @param credentials credentials to use instead of the SDK's default chain; empty in real use
 * @param pollInterval how often waits poll the control plane and {@code logs --follow} polls
 */
public record CliContext(
        PrintStream out,
        PrintStream err,
        BufferedReader in,
        Map<String, String> environment,
        Path projectDir,
        Optional<URI> awsEndpoint,
        Optional<AwsCredentialsProvider> credentials,
        Duration pollInterval) {

    public static CliContext system() {
        Map<String, String> env = System.getenv();
        Path project = Path.of(env.getOrDefault("MCP_PROXY_HOME", ".")).toAbsolutePath().normalize();
        return new CliContext(System.out, System.err,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                env, project, Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
    }

    public Path cacheDir() {
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(environment.getOrDefault("MCP_PROXY_CACHE", home + "/.cache/mcp-proxy"));
    }
}
