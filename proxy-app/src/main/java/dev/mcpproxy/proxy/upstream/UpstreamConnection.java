package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * One MCP client session with one upstream over Streamable HTTP. Thread-safe: many requests may
 * be in flight at once. The session is initialized lazily by the first request when
 * {@link #initialize()} was not called, and re-initialized transparently when the upstream
 * forgets it (HTTP 404).
 */
public interface UpstreamConnection extends AutoCloseable {

    /** The upstream's configured name. */
    String upstream();

    /**
     * Runs {@code initialize} + {@code notifications/initialized} (again, when already done) and
     * returns the upstream's initialize result (protocolVersion, capabilities, serverInfo, ...).
     */
    ObjectNode initialize() throws UpstreamException;

    /** The last initialize result, initializing first when there is none yet. */
    ObjectNode initializeResult() throws UpstreamException;

    /** The protocol version negotiated with the upstream, or null before initialization. */
    String protocolVersion();

    /**
     * Forwards one JSON-RPC request and returns its final response (a {@code result} or an
     * {@code error} object exactly as the upstream sent it). The response carries the id of
     * {@code jsonRpcRequest}; on the wire the connection uses ids of its own, so callers sharing
     * a connection never collide. Messages the upstream streams before the response
     * (notifications, server-to-client requests) go to {@code sink} as they arrive. The request
     * node is not modified. Toward a 2026-07-28 upstream, {@code resources/subscribe} and
     * {@code resources/unsubscribe} (which it does not have) open and close a listen stream for
     * the resource; its updates reach the {@link #openEventStream} sink, as a 2025-era upstream's would.
     */
    ObjectNode request(ObjectNode jsonRpcRequest, MessageSink sink) throws UpstreamException;

    /** Sends a notification (e.g. {@code notifications/cancelled}); the upstream answers 202. */
    void notify(ObjectNode notification) throws UpstreamException;

    /** Sends the client's answer to a server-to-client request (sampling, elicitation, roots). */
    void respond(ObjectNode responseToServerRequest) throws UpstreamException;

    /**
     * Answers a server-to-client request that nobody can answer with {@code refusal} (an error
     * response carrying the request's id). When the request came on the stream of one of our
     * requests, that request waits at most {@code grace} longer for the upstream's response: an
     * upstream that keeps waiting instead has the request cancelled ({@code notifications/cancelled})
     * and {@link #request} returns {@code abandoned} (with the caller's id) in place of its response.
     */
    void refuse(ObjectNode refusal, Duration grace, ObjectNode abandoned) throws UpstreamException;

    /**
     * Opens the GET stream on which the upstream sends messages unrelated to a request, and keeps
     * it open (reconnecting) until {@link #close()}. Returns false when the upstream offers no
     * such stream (405), which is normal for stateless upstreams.
     */
    boolean openEventStream(MessageSink sink) throws UpstreamException;

    /**
     * 2026-07-28 upstreams: opens a {@code subscriptions/listen} stream for the updates of one
     * resource ({@code resourceSubscriptions}), kept open (reconnecting) until the returned handle
     * is closed or the connection closes; its messages reach {@code sink}. Null when the upstream's
     * acknowledgement leaves the resource out. A 2025-era upstream is subscribed with
     * {@code resources/subscribe} instead, so this fails for one.
     */
    AutoCloseable listenToResource(String uri, MessageSink sink) throws UpstreamException;

    /** Ends the session (DELETE, when the upstream issued one) and stops the event stream. */
    @Override
    void close();
}
