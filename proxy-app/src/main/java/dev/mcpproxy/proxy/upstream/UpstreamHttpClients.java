package dev.mcpproxy.proxy.upstream;

import org.eclipse.jetty.client.AbstractConnectorHttpClientTransport;
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
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty HTTP clients for upstreams, one per upstream (its connect timeout). Chosen over
 * {@code java.net.http} on the load benchmark (docs/benchmarks/core.md): less CPU per call.
 * <ul>
 *   <li>The response listeners never block (they complete a future or queue a chunk for the
 *       reading thread), so they run on the selector thread: handing each to another thread
 *       costs more than the listener.</li>
 *   <li>No read idle timeout: an event stream may stay quiet for long; request deadlines
 *       ({@link RequestDeadlines}) bound requests instead.</li>
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

    private UpstreamHttpClients() {
    }

    static HttpClient start(UpstreamConfig config) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName("upstream-" + config.name());
        threads.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(threads);
        boolean tls = "https".equalsIgnoreCase(config.uri().getScheme());
        HttpClient http = new HttpClient(transport(connector, tls));
        http.setExecutor(threads);
        http.setName("upstream-" + config.name());
        http.setConnectTimeout(config.connectTimeoutMs());
        http.setIdleTimeout(0);
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(USER_AGENT);
        http.getContentDecoderFactories().clear();
        http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        http.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        http.getProtocolHandlers().remove(RedirectProtocolHandler.NAME);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("upstream '" + config.name() + "': HTTP client failed to start", e);
        }
        return http;
    }

    private static AbstractConnectorHttpClientTransport transport(ClientConnector connector, boolean tls) {
        AbstractConnectorHttpClientTransport transport;
        if (tls) {
            HTTP2Client http2 = new HTTP2Client(connector);
            transport = new HttpClientTransportDynamic(connector,
                    new ClientConnectionFactoryOverHTTP2.HTTP2(http2), HttpClientConnectionFactory.HTTP11);
        } else {
            transport = new HttpClientTransportOverHTTP(connector);
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
