package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.Dispatcher;
import dev.mcpproxy.proxy.dispatch.LegacyEra;
import dev.mcpproxy.proxy.dispatch.ModernEra;
import dev.mcpproxy.proxy.dispatch.ProtocolEras;
import dev.mcpproxy.proxy.federation.ListKind;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.health.HealthReport;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.mrtr.RequestStateKeys;
import dev.mcpproxy.proxy.mrtr.RequestStates;
import dev.mcpproxy.proxy.resilience.UpstreamGuards;
import dev.mcpproxy.proxy.server.ProxyServer;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.server.SubscriptionStreams;
import dev.mcpproxy.proxy.session.SessionStore;
import dev.mcpproxy.proxy.telemetry.Telemetry;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import dev.mcpproxy.proxy.upstream.UpstreamHealth;
import dev.mcpproxy.proxy.upstream.UpstreamRegistry;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The running proxy: upstream registry, dispatcher, sessions and HTTP server wired from one
 * validated {@link ProxyConfig}. {@link Main} builds one for the process; tests build their own.
 */
public final class ProxyApplication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProxyApplication.class);
    public static final String NAME = "agentcore-mcp-proxy";

    private final UpstreamRegistry registry;
    private final SessionStore sessions;
    private final SubscriptionStreams subscriptions;
    private final ProxyServer server;
    private final Telemetry telemetry;
    private volatile boolean closed;

    private ProxyApplication(UpstreamRegistry registry, SessionStore sessions, SubscriptionStreams subscriptions,
                             ProxyServer server, Telemetry telemetry) {
        this.registry = registry;
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.server = server;
        this.telemetry = telemetry;
    }

    public static Builder builder(ProxyConfig config) {
        return new Builder(config);
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public int port() {
        return server.port();
    }

    /** Requests being handled right now (observability, and tests of the shutdown drain). */
    public long inFlightRequests() {
        return server.inFlightRequests();
    }

    /** The running metrics and tracing, e.g. to register circuit-breaker gauges after start. */
    public Telemetry telemetry() {
        return telemetry;
    }

    /**
     * Graceful stop: refuse new requests, let those in flight finish within the grace period, then
     * end client sessions (deleting their upstream sessions) and the shared upstream connections.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Shutting down");
        if (sessions != null) {
            sessions.endStreams();
        }
        subscriptions.endAll();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        if (sessions != null) {
            sessions.close();
        }
        registry.close();
        telemetry.close();
        log.info("Stopped");
    }

    public static String version() {
        String version = ProxyApplication.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Assembles the proxy; {@link ProxyAssembly} adds the configured governance chain and authenticators. */
    public static final class Builder {
        private final ProxyConfig config;
        private GovernanceChain governance = GovernanceChain.EMPTY;
        private CallerAuthenticator callerAuthenticator = CallerAuthenticator.NONE;
        private Function<UpstreamConfig, UpstreamAuthenticator> upstreamAuthenticators =
                upstream -> UpstreamAuthenticator.NONE;
        private UpstreamGuards upstreamGuards = new UpstreamGuards(Map.of());
        private Consumer<UpstreamRegistry> onRegistry = registry -> { };
        private RequestStates requestStates;
        private Telemetry telemetry;

        private Builder(ProxyConfig config) {
            this.config = config;
        }

        public Builder governance(GovernanceChain chain) {
            this.governance = chain;
            return this;
        }

        public Builder callerAuthenticator(CallerAuthenticator authenticator) {
            this.callerAuthenticator = authenticator;
            return this;
        }

        /** Given telemetry (tests); by default it is started from {@code telemetry} and OTEL_* variables. */
        public Builder telemetry(Telemetry given) {
            this.telemetry = given;
            return this;
        }

        public Builder upstreamAuthenticators(Function<UpstreamConfig, UpstreamAuthenticator> authenticators) {
            this.upstreamAuthenticators = authenticators;
            return this;
        }

        /** Circuit breakers, bulkheads and retries around every call to an upstream. */
        public Builder upstreamGuards(UpstreamGuards guards) {
            this.upstreamGuards = guards;
            return this;
        }

        /**
         * The sealing of 2026-07-28 {@code requestState}s; by default keyed as {@link RequestStateKeys} says,
         * so that every instance sharing that secret accepts the others' states.
         */
        public Builder requestStates(RequestStates states) {
            this.requestStates = states;
            return this;
        }

        /** Told of the registry before discovery starts, for stages that look up the catalog. */
        public Builder onRegistry(Consumer<UpstreamRegistry> listener) {
            this.onRegistry = listener;
            return this;
        }

        /**
         * Discovers the upstreams and starts listening.
         *
         * @throws UpstreamException a required upstream is down
         * @throws dev.mcpproxy.proxy.federation.FederationException the upstreams' names collide
         * @throws Exception         the server cannot listen
         */
        public ProxyApplication start() throws Exception {
            boolean stateful = config.server().sessionMode() == SessionMode.STATEFUL;
            UpstreamRegistry registry = new UpstreamRegistry(config.upstreams(), config.federation(),
                    upstreamAuthenticators, stateful ? relayableCapabilities() : JsonNodeFactory.instance.objectNode());
            ObjectNode serverInfo = JsonNodeFactory.instance.objectNode().put("name", NAME).put("version", version());
            Supplier<ObjectNode> legacyCapabilities = stateful ? registry::capabilities
                    : () -> withoutStreamedNotifications(registry.capabilities());
            ProtocolEras eras = eras(serverInfo, registry, legacyCapabilities, governance.listingVariesByCaller());
            SubscriptionStreams subscriptions = new SubscriptionStreams(serverInfo, new UpstreamResources(registry));
            registry.addChangeListener((catalog, changed) -> subscriptions.changed(changed));
            registry.addResourceUpdateListener((upstream, notification) -> subscriptions.resourceUpdated(notification));
            onRegistry.accept(registry);
            // Telemetry (the OpenTelemetry SDK takes ~0.3 s with OTLP) starts while the upstreams are discovered.
            CompletableFuture<Telemetry> telemetryStarting = telemetry != null
                    ? CompletableFuture.completedFuture(telemetry)
                    : CompletableFuture.supplyAsync(() -> Telemetry.start(config.telemetry(), System.getenv()),
                    task -> Thread.ofVirtual().name("telemetry-start").start(task));
            Dispatcher dispatcher = new Dispatcher(registry::catalog, () -> readyUpstreams(registry), governance,
                    upstreamGuards, telemetryStarting::join);
            SessionStore sessions = stateful ? new SessionStore(registry::openSession, dispatcher::streamMessage,
                    Duration.ofSeconds(config.server().sessionIdleSeconds())) : null;
            if (sessions != null) {
                SessionStore open = sessions;
                registry.addChangeListener((catalog, changed) -> notifyChanged(open, changed));
            }
            ProxyServer server = new ProxyServer(config.server(), eras, dispatcher, sessions,
                    registry::sharedConnection, subscriptions,
                    requestStates != null ? requestStates : RequestStateKeys.fromEnvironment(System.getenv()),
                    callerAuthenticator,
                    new HealthReport(registry::health, upstreamGuards::circuitStates, upstreamGuards::lastFailures),
                    config.logging().debugBodies());
            // The HTTP server starts while the upstreams are discovered (both take a while on a cold
            // JVM); MCP requests wait at the server's gate until discovery is done.
            CompletableFuture<Void> listening = new CompletableFuture<>();
            Thread.ofVirtual().name("http-start").start(() -> {
                try {
                    server.start();
                    listening.complete(null);
                } catch (Exception | Error e) {
                    listening.completeExceptionally(e);
                }
            });
            try {
                registry.start();
                awaitListening(listening);
                Telemetry started = telemetryStarting.join();
                server.open();
                log.atInfo().setMessage("Proxy listening").addKeyValue("endpoint", server.endpoint())
                        .addKeyValue("sessionMode", config.server().sessionMode().yamlName())
                        .addKeyValue("upstreams", config.upstreams().size()).log();
                return new ProxyApplication(registry, sessions, subscriptions, server, started);
            } catch (Exception e) {
                listening.handle((ok, failure) -> null).join();
                try {
                    server.stop();
                } catch (Exception stopFailure) {
                    e.addSuppressed(stopFailure);
                }
                if (sessions != null) {
                    sessions.close();
                }
                registry.close();
                telemetryStarting.thenAccept(Telemetry::close);
                throw e;
            }
        }

        private static void awaitListening(CompletableFuture<Void> listening) throws Exception {
            try {
                listening.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }

        /**
         * What a stateful proxy can pass on to its clients, declared when discovering so upstreams
         * list the tools that need it; each client session then declares its client's own.
         */
        private static ObjectNode relayableCapabilities() {
            ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
            capabilities.putObject("sampling");
            capabilities.putObject("elicitation");
            capabilities.putObject("roots").put("listChanged", true);
            return capabilities;
        }

        /**
         * A stateless proxy has no stream for messages outside a request (GET answers 405), so it
         * promises neither list changes nor resource updates; clients see changes when they list.
         */
        private static ObjectNode withoutStreamedNotifications(ObjectNode capabilities) {
            for (String feature : List.of("tools", "resources", "prompts")) {
                if (capabilities.get(feature) instanceof ObjectNode capability) {
                    capability.remove("listChanged");
                    capability.remove("subscribe");
                }
            }
            return capabilities;
        }

        /**
         * Both eras on one endpoint, each request to the one that claims it: a modern version claimed
         * in {@code _meta} (or the header) selects 2026-07-28, anything else the 2025 era.
         */
        private ProtocolEras eras(ObjectNode serverInfo, UpstreamRegistry registry,
                                  Supplier<ObjectNode> legacyCapabilities, boolean listingsPerCaller) {
            List<String> supported = new ArrayList<>(ModernEra.VERSIONS);
            supported.addAll(LegacyEra.VERSIONS.reversed());
            long listingTtlMs = config.federation().refreshSeconds() * 1000L;
            return new ProtocolEras(List.of(
                    new ModernEra(serverInfo, registry::capabilities, supported, listingTtlMs, listingsPerCaller),
                    new LegacyEra(serverInfo, legacyCapabilities, null)));
        }

        private static List<String> readyUpstreams(UpstreamRegistry registry) {
            return registry.health().stream().filter(UpstreamHealth::ready).map(UpstreamHealth::name).toList();
        }

        private static void notifyChanged(SessionStore sessions, Set<ListKind> changed) {
            Set<String> notifications = new LinkedHashSet<>();
            changed.forEach(kind -> notifications.add(kind.changedNotification()));
            notifications.forEach(method -> sessions.broadcast(JsonRpc.notification(method, null)));
        }
    }
}
