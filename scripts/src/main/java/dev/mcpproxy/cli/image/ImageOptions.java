package dev.mcpproxy.cli.image;

import dev.mcpproxy.cli.BuildInfo;
import dev.mcpproxy.cli.CliContext;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.environment.EnvironmentCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** Options shared by every command that builds the proxy image. */
public final class ImageOptions {

    @Option(names = "--jar", paramLabel = "FILE",
            description = "The proxy's executable jar (default: proxy-app/target/proxy-app.jar in the project).")
    Path jar;

    @Option(names = "--base-image", paramLabel = "IMAGE", defaultValue = ImageSettings.DEFAULT_BASE_IMAGE,
            description = "Base image with a Java 21+ runtime (25+ for the AOT cache): a registry reference or tar://FILE (default: ${DEFAULT-VALUE}).")
    String baseImage;

    @Option(names = "--platform", paramLabel = "OS/ARCH", split = ",",
            description = "Image platforms (default: linux/arm64,linux/amd64; AgentCore runs linux/arm64).")
    List<String> platforms;

    @Option(names = "--arm64-emulator", paramLabel = "FILE", defaultValue = "${env:MCP_PROXY_ARM64_EMULATOR}",
            description = "QEMU user-mode emulator that runs the arm64 base image's JVM to make the image's AOT cache"
                    + " on a non-arm64 machine (default: $MCP_PROXY_ARM64_EMULATOR, else qemu-aarch64-static or"
                    + " qemu-aarch64 on PATH, from Debian's qemu-user-static).")
    Path arm64Emulator;

    public Path jar(CliContext context) {
        Path resolved = jar != null ? jar : context.projectDir().resolve("proxy-app/target/proxy-app.jar");
        if (!Files.isRegularFile(resolved)) {
            throw new CliException(ExitCode.MISSING_TOOL, "the proxy jar " + resolved + " does not exist: build it with"
                    + " `./mvnw -B -pl proxy-app -am package -DskipTests` in the project, or pass --jar");
        }
        return resolved;
    }

    /** The project's environment definitions, which the image carries for MCP_PROXY_CONFIG; empty outside a checkout. */
    public Optional<Path> environments(CliContext context) {
        Path directory = new EnvironmentCatalog(context.projectDir()).directory();
        return Files.isDirectory(directory) ? Optional.of(directory) : Optional.empty();
    }

    public ImageSettings settings(CliContext context) {
        ImageSettings settings = ImageSettings.defaults(BuildInfo.version(), gitRevision(context.projectDir()),
                gitSource(context.projectDir())).withBaseImage(baseImage);
        if (arm64Emulator != null && !arm64Emulator.toString().isEmpty()) {
            if (!Files.isRegularFile(arm64Emulator) || !Files.isExecutable(arm64Emulator)) {
                throw new CliException(ExitCode.USAGE, "--arm64-emulator (or MCP_PROXY_ARM64_EMULATOR): " + arm64Emulator
                        + " is not an executable file; install qemu-user-static for qemu-aarch64-static");
            }
            settings = settings.withArm64Emulator(arm64Emulator);
        }
        if (platforms == null || platforms.isEmpty()) {
            return settings;
        }
        try {
            return settings.withPlatforms(platforms.stream().map(ImageSettings::parsePlatform).toList());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--platform: " + e.getMessage());
        }
    }

    /** The commit the image is built from, for the revision label; "unknown" outside a git checkout. */
    static String gitRevision(Path projectDir) {
        return git(projectDir, "rev-parse", "HEAD").filter(rev -> rev.matches("[0-9a-f]{40}")).orElse("unknown");
    }

    /** The repository's origin URL for the source label, without any credentials it may embed. */
    static String gitSource(Path projectDir) {
        return git(projectDir, "config", "--get", "remote.origin.url")
                .map(url -> url.replaceFirst("^(https?://)[^/@]*@", "$1"))
                .orElse("agentcore-mcp-proxy");
    }

    private static Optional<String> git(Path projectDir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process git = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 && !output.isEmpty()) {
                return Optional.of(output);
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }
}
