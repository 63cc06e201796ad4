package dev.mcpproxy.proxy.server;

import org.eclipse.jetty.server.Request;

/**
 * The connection's idle timeout ({@code server.readTimeoutSeconds}) bounds what the client does:
 * send the headers and body, read the answer, come back with the next request. Once the proxy has
 * read a request the connection waits for the proxy, not the client, so a timeout then is ignored
 * and a slow tool call is not cut; a write the client stops reading still fails. The timeout itself
 * never changes: changing it per request rescheduled its timer and woke Jetty's scheduler thread
 * on every request.
 */
final class ConnectionTimeouts {
    private ConnectionTimeouts() {
    }

    /** The request is read: until it is answered, only a stalled read or write ends it. */
    static void serving(Request request) {
        request.addIdleTimeoutListener(timeout -> false);
    }
}
