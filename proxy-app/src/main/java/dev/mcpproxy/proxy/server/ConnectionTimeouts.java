package dev.mcpproxy.proxy.server;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * A connection's idle timeout by phase: short ({@code server.readTimeoutSeconds}) while the client
 * sends headers and body or keeps the connection idle, so a slow sender cannot hold it; long while
 * the proxy works on a request it has read, so a slow tool call is not cut by the connection.
 */
final class ConnectionTimeouts {
    /** Longer than any upstream request timeout. */
    static final long SERVING_MS = 10 * 60_000;

    private ConnectionTimeouts() {
    }

    /** The request is read: the connection waits for the proxy now, not the client. */
    static void serving(Request request) {
        set(request, SERVING_MS);
    }

    /** The request is answered: the next one on this connection must arrive promptly again. */
    static void reading(Request request, ServerConfig config) {
        set(request, config.readTimeoutSeconds() * 1000L);
    }

    private static void set(Request request, long millis) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint != null) {
            endPoint.setIdleTimeout(millis);
        }
    }
}
