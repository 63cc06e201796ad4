package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A 2025-era caller's {@code resources/subscribe} and {@code resources/unsubscribe} toward a
 * 2026-07-28 upstream, which removed both (changelog; a resource's updates come on a
 * {@code subscriptions/listen} stream whose filter names it). Each subscribed resource gets a
 * listen stream of its own; its {@code notifications/resources/updated} reach the connection's
 * event sink, where a 2025-era upstream's GET stream would have put them. Unsubscribing closes the
 * stream, which is the unsubscription (basic/patterns/subscriptions); so does closing the connection.
 * Answers are what a 2025-era upstream would give: the empty result, or a JSON-RPC error.
 */
final class SubscribeBridge {
    private static final Logger log = LoggerFactory.getLogger(SubscribeBridge.class);
    static final String SUBSCRIBE = "resources/subscribe";
    static final String UNSUBSCRIBE = "resources/unsubscribe";
    private static final String RESOURCE_UPDATED = "notifications/resources/updated";

    /** Opens a listen stream for one resource; null when the upstream's acknowledgement leaves it out. */
    @FunctionalInterface
    interface Listener {
        AutoCloseable listen(String uri, MessageSink sink) throws UpstreamException;
    }

    private final String upstream;
    private final Listener listener;
    private final Supplier<MessageSink> events;
    /** The open listen stream of each subscribed URI; guarded by {@code this}. */
    private final Map<String, AutoCloseable> streams = new HashMap<>();
    private boolean closed;

    /** @param events the sink of the connection's event stream, once opened */
    SubscribeBridge(String upstream, Listener listener, Supplier<MessageSink> events) {
        this.upstream = upstream;
        this.listener = listener;
        this.events = events;
    }

    static boolean bridges(String method) {
        return SUBSCRIBE.equals(method) || UNSUBSCRIBE.equals(method);
    }

    /**
     * The response (with {@code request}'s id) to a subscribe or unsubscribe request.
     *
     * @param capabilities the upstream's capabilities from its {@code server/discover} result
     */
    ObjectNode answer(ObjectNode request, JsonNode capabilities) throws UpstreamException {
        JsonNode id = request.get("id");
        String method = request.path("method").asText();
        JsonNode uri = request.path("params").path("uri");
        if (!uri.isTextual()) {
            return JsonRpc.error(id, JsonRpcErrors.INVALID_PARAMS, "params.uri must be a string");
        }
        if (UNSUBSCRIBE.equals(method)) {
            unsubscribe(uri.textValue());
            return JsonRpc.result(id, JsonNodeFactory.instance.objectNode());
        }
        if (!capabilities.path("resources").path("subscribe").asBoolean(false)) {
            return JsonRpc.error(id, JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + method + " (upstream '"
                    + upstream + "' offers no resource subscriptions)");
        }
        return subscribe(uri.textValue())
                ? JsonRpc.result(id, JsonNodeFactory.instance.objectNode())
                : JsonRpc.error(id, JsonRpcErrors.INVALID_PARAMS, "upstream '" + upstream
                + "' did not acknowledge a subscription to this resource on subscriptions/listen",
                JsonNodeFactory.instance.objectNode().put("uri", uri.textValue()));
    }

    /** True when the resource has a listen stream (an earlier one is kept: subscribing twice is one subscription). */
    private synchronized boolean subscribe(String uri) throws UpstreamException {
        if (closed) {
            throw new UpstreamException(upstream, UpstreamException.Kind.CLOSED, "connection closed");
        }
        if (streams.containsKey(uri)) {
            return true;
        }
        AutoCloseable stream = listener.listen(uri, ListenMessages.asLegacy(this::deliver));
        if (stream == null) {
            return false;
        }
        streams.put(uri, stream);
        return true;
    }

    private synchronized void unsubscribe(String uri) {
        closeQuietly(streams.remove(uri));
    }

    /** Ends every listen stream (the connection closes). */
    void close() {
        List<AutoCloseable> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(streams.values());
            streams.clear();
        }
        open.forEach(SubscribeBridge::closeQuietly);
    }

    /** The resource's updates go where a 2025-era upstream's would; nothing else on its stream is the caller's. */
    private void deliver(ObjectNode update) {
        if (!RESOURCE_UPDATED.equals(update.path("method").asText())) {
            return;
        }
        MessageSink sink = events.get();
        if (sink == null) {
            log.debug("Upstream {}: a resource update arrived before the event stream was opened", upstream);
            return;
        }
        sink.accept(update);
    }

    private static void closeQuietly(AutoCloseable stream) {
        if (stream == null) {
            return;
        }
        try {
            stream.close();
        } catch (Exception e) {
            log.debug("Closing a resource's listen stream failed: {}", e.toString());
        }
    }
}
