package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.background.InlineVirtualThreads;
import org.eclipse.jetty.client.AbstractConnectorHttpClientTransport;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.DuplexConnectionPool;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.RedirectProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Jetty HTTP clients for upstreams, one per upstream (its connect timeout). Chosen over
 * {@code java.net.http} on the load benchmark (docs/benchmarks/core.md): less CPU per call.
 * <ul>
 *   <li>The response listeners never block (they complete a future or queue a chunk for the
 *       reading thread), so they run on the selector thread: handing each to another thread
 *       costs more than the listener. The request's thread then continues there with the answer
 *       (the pool is a {@link InlineVirtualThreads#carrierPool carrier pool}).</li>
 *   <li>No idle timeout ({@link #UNLIMITED}): a call or an event stream may stay quiet for long;
 *       request deadlines ({@link RequestDeadlines}) bound requests instead. Over plain HTTP a
 *       connection is not reused once it is {@link #CONNECTION_LIFETIME_MS} old: Node and
 *       uvicorn, which serve most MCP servers, close keep-alive connections idle for 5 s, and a
 *       POST sent on one just as the server closes it would fail; a connection younger than that
 *       cannot have been idle for longer, and idle ones that old are closed
 *       ({@link AgingConnectionPool}). (An idle timeout did this before, but Jetty turns it off
 *       for each request and back on after, and rescheduling its timer woke the client's
 *       scheduler thread on every call.) Over TLS the connection stays (HTTP/2 servers announce
 *       closing with GOAWAY).</li>
 *   <li>Plain HTTP is HTTP/1.1 with keep-alive; over TLS, HTTP/2 when the upstream offers it
 *       (ALPN), else HTTP/1.1.</li>
 *   <li>What a transparent proxy must not do is off: no redirects, no cookies, no client-side
 *       handling of 401/407 challenges (the authenticator decides), no compression (answer
 *       limits count the bytes as received).</li>
 * </ul>
 */
final class UpstreamHttpClients {
    private static final HttpField USER_AGENT = new HttpField(HttpHeader.USER_AGENT,
            "agentcore-mcp-proxy/" + ProxyVersion.VERSION);

    /** The clients' idle timeout: none (request deadlines bound requests; see the class comment). */
    static final long UNLIMITED = 0;
    static final long CONNECTION_LIFETIME_MS = 4_000;
    /**
     * One per two cores, at most four: answers are handled, and their requests' threads run on to
     * the reply, on these threads (InlineVirtualThreads), so a single one would serialize a busy
     * upstream's calls on a larger machine. One on AgentCore's two vCPUs.
     */
    static final int SELECTORS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

    private UpstreamHttpClients() {
    }

    static HttpClient start(UpstreamConfig config) {
        String name = "upstream-" + config.name();
        QueuedThreadPool threads = InlineVirtualThreads.carrierPool(name, 8, 1, true);
        boolean tls = "https".equalsIgnoreCase(config.uri().getScheme());
        ClientConnector connector = tls ? new ClientConnector() : new PlainConnector();
        connector.setExecutor(threads);
        connector.setSelectors(SELECTORS);
        connector.setScheduler(new ScheduledExecutorScheduler(name + "-scheduler", true));
        HttpClient http = new HttpClient(transport(connector, tls));
        http.setName(name);
        http.setConnectTimeout(config.connectTimeoutMs());
        http.setIdleTimeout(UNLIMITED);
        // Like the JDK client: no limit of its own (the proxy's bulkheads limit calls, and every
        // session's GET stream holds a connection for as long as it lives).
        http.setMaxConnectionsPerDestination(Integer.MAX_VALUE);
        http.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(USER_AGENT);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("upstream '" + config.name() + "': HTTP client failed to start", e);
        }
        // Installed by start().
        http.getContentDecoderFactories().clear();
        http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        http.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        http.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
        return http;
    }

    /**
     * Plain-HTTP connections: none is reused once {@link #CONNECTION_LIFETIME_MS} old, and once per
     * lifetime the idle ones that old are closed. The pool closes an expired connection whenever it
     * comes across one while taking an idle one, so taking every idle connection in turn (and giving
     * back the young ones) closes all expired ones.
     */
    private static final class AgingConnectionPool extends DuplexConnectionPool {
        private final Scheduler scheduler;
        private volatile Scheduler.Task sweep;

        AgingConnectionPool(Destination destination) {
            super(destination, destination.getHttpClient().getMaxConnectionsPerDestination());
            scheduler = destination.getHttpClient().getScheduler();
            setMaxDuration(CONNECTION_LIFETIME_MS);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            scheduleSweep();
        }

        @Override
        protected void doStop() throws Exception {
            Scheduler.Task scheduled = sweep;
            if (scheduled != null) {
                scheduled.cancel();
            }
            super.doStop();
        }

        private void scheduleSweep() {
            sweep = scheduler.schedule(this::closeExpired, CONNECTION_LIFETIME_MS, TimeUnit.MILLISECONDS);
        }

        private void closeExpired() {
            if (!isRunning()) {
                return;
            }
            List<Connection> young = new ArrayList<>();
            for (Connection idle = activate(); idle != null; idle = activate()) {
                young.add(idle);
            }
            for (Connection connection : young) {
                if (!release(connection)) {
                    connection.close();
                }
            }
            scheduleSweep();
        }
    }

    /**
     * A connector for plain HTTP: without redirects it never needs TLS, and Jetty's default TLS
     * context (trust store and all) would load at startup, on the way to the first discovery.
     */
    private static final class PlainConnector extends ClientConnector {
        @Override
        protected SslContextFactory.Client newSslContextFactory() {
            return null;
        }
    }

    private static AbstractConnectorHttpClientTransport transport(ClientConnector connector, boolean tls) {
        AbstractConnectorHttpClientTransport transport;
        if (tls) {
            HTTP2Client http2 = new HTTP2Client(connector);
            // HTTP/1.1 first: a server without ALPN gets the first protocol, and a server with
            // ALPN chooses by its own preference (HTTP/2 where it prefers it).
            transport = new HttpClientTransportDynamic(connector,
                    HttpClientConnectionFactory.HTTP11, new ClientConnectionFactoryOverHTTP2.HTTP2(http2));
        } else {
            transport = new HttpClientTransportOverHTTP(connector);
            transport.setConnectionPoolFactory(AgingConnectionPool::new);
        }
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        return transport;
    }

    /** Stops the client: open exchanges fail, connections close, its threads end. */
    static void stop(HttpClient http) {
        try {
            http.stop();
        } catch (Exception e) {
            // Stopping releases what it can; there is nothing else to do with a failure here.
        }
    }
}
