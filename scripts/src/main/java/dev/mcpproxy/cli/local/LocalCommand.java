package dev.mcpproxy.cli.local;

import dev.mcpproxy.cli.CliContext;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.McpProxyCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs the proxy on this machine, in front of the demo upstream or yours.",
            "With no --upstream or --config: the embedded demo upstream and the default governance configuration.",
            "Serves http://localhost:PORT/mcp until Ctrl-C.",
            "Examples:",
            "  local                                    (the demo upstream)",
            "  local --upstream docs=http://localhost:3001/mcp --upstream tickets=http://localhost:3002/mcp",
            "  local --config proxy.yaml"})
public final class LocalCommand implements Callable<Integer> {

    private static final Pattern UPSTREAM = Pattern.compile("[A-Za-z0-9_-]+=https?://.+");

    @ParentCommand
    private McpProxyCli root;

    @Option(names = "--upstream", paramLabel = "NAME=URL", description = "An upstream MCP server (repeatable). Without"
            + " --upstream and --config the embedded demo upstream is used.")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "The proxy's YAML configuration.")
    Path config;

    @Option(names = "--port", defaultValue = "8000", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--jar", paramLabel = "FILE",
            description = "The proxy's executable jar (default: proxy-app/target/proxy-app.jar in the project).")
    Path jar;

    @Override
    public Integer call() {
        CliContext context = root.context();
        Path proxyJar = jar != null ? jar : context.projectDir().resolve("proxy-app/target/proxy-app.jar");
        if (!Files.isRegularFile(proxyJar)) {
            throw new CliException(ExitCode.MISSING_TOOL, "the proxy jar " + proxyJar + " does not exist: build it with"
                    + " `./mvnw -B -pl proxy-app -am package -DskipTests` in the project, or pass --jar");
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new CliException(ExitCode.USAGE, "--config: no such file " + config);
        }
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", proxyJar.toString(), "--port", String.valueOf(port)));
        for (String upstream : upstreams) {
            if (!UPSTREAM.matcher(upstream).matches()) {
                throw new CliException(ExitCode.USAGE, "--upstream '" + upstream + "' is not NAME=URL (e.g. docs=http://localhost:3001/mcp)");
            }
            command.addAll(List.of("--upstream", upstream));
        }
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        if (upstreams.isEmpty() && config == null) {
            command.add("--demo");
        }
        context.err().println("==> Starting the proxy on http://localhost:" + port + "/mcp (Ctrl-C stops it)");
        return runUntilDone(new ProcessBuilder(command).inheritIO());
    }

    /** Runs the proxy; if this thread is interrupted (or the JVM exits), the proxy is stopped too. */
    private static int runUntilDone(ProcessBuilder builder) {
        Process proxy;
        try {
            proxy = builder.start();
        } catch (IOException e) {
            throw new CliException(ExitCode.MISSING_TOOL, "could not start java: " + e.getMessage(), e);
        }
        Thread stopper = new Thread(proxy::destroy, "stop-local-proxy");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return proxy.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            proxy.destroy();
            return ExitCode.OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    /** The java that runs this CLI, so the proxy gets the same (21+) runtime. */
    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
