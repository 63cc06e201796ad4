package dev.mcpproxy.proxy;

import dev.mcpproxy.contracts.EnvironmentVariables;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.federation.FederationException;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthException;
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
    static final String CONFIG_ENV = EnvironmentVariables.CONFIG;
    static final String DEMO_UPSTREAM = "demo";

    private Main() {
    }

    public static void main(String[] args) {
        setLibraryDefaults();
        int status = run(args, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Defaults for the libraries' system properties; one given on the command line wins. */
    static void setLibraryDefaults() {
        // Without this Jetty asks the platform MBean server whether references are compressed,
        // which loads JMX and JFR: about 100 ms of a cold start. The value only sizes padding
        // against false sharing; 16 is right for every heap under 32 GiB (compressed references).
        System.getProperties().putIfAbsent("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        // Node and uvicorn, which serve most MCP servers, close keep-alive connections idle for 5 s;
        // the JDK client keeps them for 30 s, and a POST sent on one just as the server closes it
        // fails (the client retries only GETs). Closing idle connections first avoids the race.
        System.getProperties().putIfAbsent("jdk.httpclient.keepalive.timeout", "4");
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
        ProxyAssembly assembly = null;
        int status = 1;
        try {
            assembly = ProxyAssembly.create(config);
            started.set(assembly.start(), assembly);
            return 0;
        } catch (ConfigException e) {
            // A keyset, policy file or identity provider named by the configuration is unusable.
            System.err.println(e.getMessage());
            status = 2;
        } catch (UpstreamException | FederationException | UpstreamAuthException e) {
            log.error("Cannot start: {}", e.getMessage());
        } catch (Exception e) {
            log.error("Cannot start: {}", e.toString());
        }
        if (assembly != null) {
            assembly.close();
        }
        started.set(null, null);
        return status;
    }

    /**
     * The application once started. The shutdown hook is registered before starting, so a SIGTERM
     * that arrives during startup still waits for it and then stops the proxy gracefully.
     */
    private static final class StartedApplication {
        private static final long STARTUP_WAIT_SECONDS = 120;
        private final CountDownLatch decided = new CountDownLatch(1);
        private volatile ProxyApplication application;
        private volatile ProxyAssembly assembly;

        /** The started application and what it was assembled from, or nulls when the start failed. */
        void set(ProxyApplication started, ProxyAssembly components) {
            application = started;
            assembly = components;
            decided.countDown();
        }

        void close() {
            try {
                if (decided.await(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS) && application != null) {
                    application.close();
                    assembly.close();
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
            if (!config.policy().enabled()) {
                // The demo shows governance at work: listings filtered and calls denied by role.
                config = config.withPolicy(PolicyConfig.DEMO);
            }
        }
        config = config.withUpstreams(added);
        if (commandLine.port() != null) {
            config = config.withServer(config.server().withPort(commandLine.port()));
        }
        return config;
    }
}
