package dev.mcpproxy.cli.cdk;

import dev.mcpproxy.cli.BuildInfo;
import dev.mcpproxy.cli.CliContext;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.contracts.CdkContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the AWS CDK toolkit as {@code npx --yes aws-cdk@<pinned>} in the project's root (where
 * {@code cdk.json} is), streaming its output as progress.
 */
public final class CdkToolkit {

    private final CliContext context;
    private final String region;
    private final Optional<String> profile;
    private final Progress progress;

    public CdkToolkit(CliContext context, String region, Optional<String> profile, Progress progress) {
        this.context = context;
        this.region = region;
        this.profile = profile;
        this.progress = progress;
    }

    public void synth(String env, Map<String, String> extraContext) {
        run("synth", List.of("--quiet"), env, extraContext);
    }

    public void bootstrap(String account, String env) {
        run("bootstrap", List.of("aws://" + account + "/" + region), env, Map.of());
    }

    public void deploy(String stackName, String env, Map<String, String> extraContext) {
        run("deploy", List.of(stackName, "--require-approval", "never", "--exclusively"), env, extraContext);
    }

    public void destroy(List<String> stackNames, String env) {
        List<String> args = new ArrayList<>(stackNames);
        args.add("--force");
        run("destroy", args, env, Map.of());
    }

    private void run(String command, List<String> args, String env, Map<String, String> extraContext) {
        Path projectDir = context.projectDir();
        if (!Files.isRegularFile(projectDir.resolve("cdk.json"))) {
            throw new CliException(ExitCode.MISSING_TOOL, "no CDK app in " + projectDir
                    + " (cdk.json missing): run the CLI from the project's root, or set MCP_PROXY_HOME to it");
        }
        List<String> commandLine = new ArrayList<>(List.of(npx().toString(), "--yes",
                "aws-cdk@" + BuildInfo.cdkToolkitVersion(), command));
        commandLine.addAll(args);
        commandLine.addAll(List.of("--context", CdkContext.ENV + "=" + env));
        extraContext.forEach((key, value) -> commandLine.addAll(List.of("--context", key + "=" + value)));
        profile.ifPresent(p -> commandLine.addAll(List.of("--profile", p)));

        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(projectDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(context.environment());
        builder.environment().put("AWS_REGION", region);
        builder.environment().put("CDK_DEFAULT_REGION", region);
        int exit = runStreaming(builder, "cdk " + command);
        if (exit != 0) {
            throw new CliException(ExitCode.DEPLOY_FAILED, "cdk " + command + " " + String.join(" ", args)
                    + " failed (exit " + exit + "); the toolkit's output above says why");
        }
    }

    private int runStreaming(ProcessBuilder builder, String label) {
        try {
            Process process = builder.start();
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                    progress.detail(line);
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new CliException(ExitCode.MISSING_TOOL, label + " could not be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.DEPLOY_FAILED, label + " was interrupted", e);
        }
    }

    /** npx from PATH; its absence is the usual first-run problem, so say exactly how to fix it. */
    private Path npx() {
        String path = context.environment().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "npx");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CliException(ExitCode.MISSING_TOOL, "Node.js is needed to run the AWS CDK toolkit, and `npx` is not on"
                + " PATH. Install Node.js 22 or 24 with npm (https://nodejs.org, nvm,"
                + " or `brew install node`), then run this command again.");
    }
}
