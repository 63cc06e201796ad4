package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.federation.Route;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.server.SubscriptionStreams;
import dev.mcpproxy.proxy.upstream.MessageSink;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import dev.mcpproxy.proxy.upstream.UpstreamRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Resource subscriptions of {@code subscriptions/listen} streams, made at the owning upstream on
 * its shared connection with {@code resources/subscribe} (2025 era, when the upstream offers
 * {@code resources.subscribe}); the upstream's {@code notifications/resources/updated} then arrive
 * on that connection's stream. A 2026-07-28 upstream is not subscribed to (its own listen stream
 * carries list changes only).
 */
final class UpstreamResources implements SubscriptionStreams.ResourceSubscriber {
    private static final Logger log = LoggerFactory.getLogger(UpstreamResources.class);
    private static final String MODERN_VERSION = "2026-07-28";

    private final UpstreamRegistry registry;

    UpstreamResources(UpstreamRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean subscribe(String uri) {
        return send("resources/subscribe", uri);
    }

    @Override
    public void unsubscribe(String uri) {
        send("resources/unsubscribe", uri);
    }

    private boolean send(String method, String uri) {
        Optional<Route> route = registry.catalog().resource(uri);
        if (route.isEmpty()) {
            return false;
        }
        try {
            UpstreamConnection connection = registry.sharedConnection(route.get().upstream());
            boolean subscribable = connection.initializeResult().path("capabilities").path("resources")
                    .path("subscribe").asBoolean(false);
            if (!subscribable || MODERN_VERSION.equals(connection.protocolVersion())) {
                return false;
            }
            ObjectNode params = JsonNodeFactory.instance.objectNode().put("uri", uri);
            ObjectNode response = connection.request(JsonRpc.request(JsonNodeFactory.instance.textNode(method), method,
                    params), MessageSink.DISCARD);
            return response.has("result");
        } catch (UpstreamException e) {
            log.warn("{} for a subscription stream failed: {}", method, e.getMessage());
            return false;
        }
    }
}
