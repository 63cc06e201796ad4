package dev.mcpproxy.proxy;

import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigLoader;
import dev.mcpproxy.proxy.config.ProxyConfig;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.federation.FederationException;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts the proxy: reads the configuration (file, environment, flags), validates it completely
 * before listening, starts the proxy and stops it gracefully on SIGTERM. Exit codes: 2 for a
 * usage or configuration error, 1 when startup fails.
 */
public final class Main {
    static final String CONFIG_ENV = "MCP_PROXY_CONFIG";
    static final String DEMO_UPSTREAM = "demo";

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Starts the proxy and returns 0 once it listens (the shutdown hook stops it), or an exit status. */
    static int run(String[] args, Map<String, String> environment) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            return 2;
        }
        if (commandLine.help()) {
            System.out.println(CommandLine.USAGE);
            return 0;
        }
        ProxyConfig config;
        try {
            config = configuration(commandLine, environment, null).validate();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        LogLevels.apply(config.logging());
        Logger log = LoggerFactory.getLogger(Main.class);

        DemoUpstream demo = commandLine.demo() ? DemoUpstream.start("127.0.0.1", 0) : null;
        if (demo != null) {
            config = configuration(commandLine, environment, demo).validate();
        }
        StartedApplication started = new StartedApplication();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.close();
            if (demo != null) {
                demo.close();
            }
        }, "shutdown"));
        try {
            started.set(ProxyApplication.builder(config).start());
            return 0;
        } catch (UpstreamException | FederationException e) {
            log.error("Cannot start: {}", e.getMessage());
        } catch (Exception e) {
            log.error("Cannot start: {}", e.toString());
        }
        started.set(null);
        return 1;
    }

    /**
     * The application once started. The shutdown hook is registered before starting, so a SIGTERM
     * that arrives during startup still waits for it and then stops the proxy gracefully.
     */
    private static final class StartedApplication {
        private static final long STARTUP_WAIT_SECONDS = 120;
        private final CountDownLatch decided = new CountDownLatch(1);
        private volatile ProxyApplication application;

        /** The started application, or null when the start failed. */
        void set(ProxyApplication started) {
            application = started;
            decided.countDown();
        }

        void close() {
            try {
                if (decided.await(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS) && application != null) {
                    application.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The file (flag, else environment variable) or the defaults, with the flags applied on top. */
    static ProxyConfig configuration(CommandLine commandLine, Map<String, String> environment, DemoUpstream demo) {
        Path file = commandLine.config();
        if (file == null && environment.get(CONFIG_ENV) != null && !environment.get(CONFIG_ENV).isBlank()) {
            file = Path.of(environment.get(CONFIG_ENV));
        }
        ProxyConfig config = file == null ? ProxyConfig.DEFAULTS : new ConfigLoader(environment).load(file);
        List<UpstreamConfig> added = new ArrayList<>();
        commandLine.upstreams().forEach(u -> added.add(UpstreamConfig.of(u.name(), u.url())));
        if (commandLine.demo()) {
            String url = demo == null ? "http://127.0.0.1:0/mcp" : demo.url().toString();
            added.add(UpstreamConfig.of(DEMO_UPSTREAM, url));
        }
        config = config.withUpstreams(added);
        if (commandLine.port() != null) {
            config = config.withServer(config.server().withPort(commandLine.port()));
        }
        return config;
    }
}
