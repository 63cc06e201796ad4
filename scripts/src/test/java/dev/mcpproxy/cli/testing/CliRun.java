package dev.mcpproxy.cli.testing;

import dev.mcpproxy.cli.CliContext;
import dev.mcpproxy.cli.McpProxyCli;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs the real CLI in-process against stubs: a project directory with a CDK app marker, a
 * recording fake CDK toolkit ({@code npx}) on PATH, and all AWS calls sent to one endpoint.
 */
public final class CliRun {

    /** What one command run printed and returned. */
    public record Result(int exitCode, String out, String err) {}

    /** Made up per run: the stubbed control planes accept any signature. */
    public static final AwsCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("test-key-" + UUID.randomUUID(), UUID.randomUUID().toString()));
    public static final AwsCredentialsProvider NO_CREDENTIALS = () -> {
        throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    };

    private final Path projectDir;
    private final Path cdkLog;
    private final Map<String, String> environment = new HashMap<>();
    private Optional<URI> awsEndpoint = Optional.empty();
    private AwsCredentialsProvider credentials = CREDENTIALS;
    private String stdin = "";

    public CliRun(Path workDir) throws IOException {
        projectDir = Files.createDirectories(workDir.resolve("project"));
        Files.writeString(projectDir.resolve("cdk.json"),
                "{\"app\":\"./mvnw -B -q -pl contracts install -DskipTests && ./mvnw -B -q -pl cdk compile exec:java\"}");
        for (String env : List.of("dev", "staging")) {
            Path definition = Files.createDirectories(projectDir.resolve("cdk/environments/" + env));
            Files.writeString(definition.resolve("environment.yaml"),
                    "account: \"" + AwsStubs.ACCOUNT + "\"\nregion: eu-west-1\nprefix: mcp-proxy-" + env + "\n");
            Files.writeString(definition.resolve("proxy.yaml"), "upstreams:\n  - name: docs\n    url: https://docs.example.com/mcp\n");
        }
        Path bin = Files.createDirectories(workDir.resolve("bin"));
        cdkLog = workDir.resolve("cdk-calls.log");
        Files.createFile(cdkLog);
        Path npx = bin.resolve("npx");
        Files.writeString(npx, """
                #!/bin/sh
                # A recording stand-in for `npx aws-cdk@VERSION ...`: logs its arguments, fails when asked to.
                shift 2
                echo "$*" >> "$FAKE_CDK_LOG"
                if [ -n "$FAKE_CDK_FAIL" ] && echo "$*" | grep -q -- "$FAKE_CDK_FAIL"; then
                  echo "fake cdk: $1 failed" >&2
                  exit 1
                fi
                echo "fake cdk: $1 done"
                """);
        Files.setPosixFilePermissions(npx, PosixFilePermissions.fromString("rwxr-xr-x"));
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("HOME", workDir.toString());
        environment.put("MCP_PROXY_CACHE", workDir.resolve("cache").toString());
        environment.put("FAKE_CDK_LOG", cdkLog.toString());
    }

    public Path projectDir() {
        return projectDir;
    }

    public CliRun aws(AwsStubs stubs) {
        awsEndpoint = Optional.of(URI.create(stubs.url()));
        return this;
    }

    public CliRun credentials(AwsCredentialsProvider provider) {
        credentials = provider;
        return this;
    }

    public CliRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public CliRun withoutEnv(String name) {
        environment.remove(name);
        return this;
    }

    public CliRun stdin(String text) {
        stdin = text;
        return this;
    }

    /** The fake CDK toolkit's calls, one line each: e.g. {@code deploy McpProxy-dev-Foundation ...}. */
    public List<String> cdkCalls() throws IOException {
        return Files.readAllLines(cdkLog);
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new BufferedReader(new StringReader(stdin)),
                Map.copyOf(environment), projectDir, awsEndpoint, Optional.of(credentials), Duration.ofMillis(10));
        int exit = McpProxyCli.execute(context, args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
