package dev.mcpproxy.proxy.server;

import dev.mcpproxy.proxy.background.InlineVirtualThreads;
import dev.mcpproxy.proxy.dispatch.Dispatcher;
import dev.mcpproxy.proxy.dispatch.ProtocolEras;
import dev.mcpproxy.proxy.health.HealthReport;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.mrtr.RequestStates;
import dev.mcpproxy.proxy.session.SessionStore;
import dev.mcpproxy.proxy.session.SharedUpstreams;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The proxy's HTTP server: Jetty core (no servlets) with one virtual thread per request, run on the
 * selector threads where the JVM allows ({@link InlineVirtualThreads}). Stopping
 * is graceful: new requests are refused while those in flight get up to
 * {@code server.shutdownGraceSeconds} to finish.
 */
public final class ProxyServer {
    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    private final ServerConfig config;
    private final Server jetty;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private final ProxyHandler handler;

    /** @param sessions the client sessions in stateful mode, null in stateless mode */
    public ProxyServer(ServerConfig config, ProtocolEras eras, Dispatcher dispatcher, SessionStore sessions,
                       SharedUpstreams.Connections shared, SubscriptionStreams subscriptions,
                       RequestStates requestStates, CallerAuthenticator authenticator, HealthReport health,
                       boolean debugBodies) {
        this.config = config;
        QueuedThreadPool threads = InlineVirtualThreads.carrierPool("proxy-http", 32, 4, false);
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(InlineVirtualThreads.named("mcp-request-")));
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        // Headers and bodies must arrive promptly; while a request is served the timeout is ignored
        // (ConnectionTimeouts).
        connector.setIdleTimeout(config.readTimeoutSeconds() * 1000L);
        jetty.addConnector(connector);
        jetty.setErrorHandler(new JsonErrorHandler());
        McpEndpoint endpoint = new McpEndpoint(config, eras, dispatcher, sessions, shared, subscriptions, requestStates,
                authenticator, debugBodies);
        handler = new ProxyHandler(config, endpoint, health, authenticator);
        graceful = new GracefulHandler(handler);
        jetty.setHandler(graceful);
        // Draining is done in stop(): Jetty's own graceful stop would also wait for idle keep-alive
        // connections, which never end by themselves.
        jetty.setStopTimeout(0);
        jetty.setStopAtShutdown(false);
    }

    /** Starts listening; MCP requests wait until {@link #open()} (the health endpoint answers at once). */
    public void start() throws Exception {
        jetty.start();
        log.info("Request threads: {}", InlineVirtualThreads.describe());
    }

    /** The proxy is ready: MCP requests are served from now on. */
    public void open() {
        handler.open();
    }

    /** The port actually bound (differs from the configured one when that is 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The MCP endpoint as reachable from this machine. */
    public URI endpoint() {
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "localhost" : config.host();
        return URI.create("http://" + host + ":" + port() + config.path());
    }

    /** Requests being handled right now. */
    public long inFlightRequests() {
        return graceful.getCurrentRequestCount();
    }

    /**
     * Refuses new requests (503) and waits for those in flight, at most the configured grace
     * period, then closes every connection.
     */
    public void stop() throws Exception {
        handler.refuse();
        try {
            graceful.shutdown().get(config.shutdownGraceSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("{} requests still running after {} s of shutdown grace; stopping anyway",
                    graceful.getCurrentRequestCount(), config.shutdownGraceSeconds());
        } finally {
            jetty.stop();
        }
    }
}
