package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MCP server over a small "customer records" domain that the proxy starts in its own process for
 * {@code --demo}, so it runs with zero setup. Stateless Streamable HTTP with JSON responses at
 * {@code /mcp}; tools, resources, prompts and completions, with personal data in the records.
 */
public final class DemoUpstream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoUpstream.class);

    private final Server server;
    private final URI url;

    private DemoUpstream(Server server, URI url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts the demo server and returns once it listens.
     *
     * @param host the interface to bind, e.g. {@code 127.0.0.1}
     * @param port the port, or 0 for a free one
     * @throws IllegalStateException when it cannot listen there
     */
    public static DemoUpstream start(String host, int port) {
        ObjectMapper json = JsonMappers.create();
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("demo-upstream");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new McpHttpEndpoint(new DemoMcpServer(json), json));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("Cannot start the demo upstream on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        URI url = URI.create("http://" + urlHost(host) + ":" + connector.getLocalPort() + McpHttpEndpoint.PATH);
        LOG.info("Demo upstream listening on {}", url);
        return new DemoUpstream(server, url);
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:41234/mcp}. */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    /** A wildcard bind address is reachable through loopback; an IPv6 literal needs brackets. */
    private static String urlHost(String host) {
        if (host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Demo upstream did not stop cleanly: {}", e.toString());
        }
    }
}
