package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.ProtocolVersions;
import dev.mcpproxy.proxy.federation.Route;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.server.SubscriptionStreams;
import dev.mcpproxy.proxy.upstream.MessageSink;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import dev.mcpproxy.proxy.upstream.UpstreamRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resource subscriptions of {@code subscriptions/listen} streams, made at the owning upstream on
 * its shared connection when it offers {@code resources.subscribe}: a 2025-era upstream with
 * {@code resources/subscribe} (its {@code notifications/resources/updated} then arrive on that
 * connection's stream), a 2026-07-28 upstream with a {@code subscriptions/listen} stream whose
 * filter names the resource (its updates arrive on that stream, which is closed on unsubscribe).
 */
final class UpstreamResources implements SubscriptionStreams.ResourceSubscriber {
    private static final Logger log = LoggerFactory.getLogger(UpstreamResources.class);
    private static final String MODERN_VERSION = ProtocolVersions.V2026_07_28;
    private static final String RESOURCE_UPDATED = "notifications/resources/updated";

    private final UpstreamRegistry registry;
    /** The open listen stream of each resource subscribed at a 2026-07-28 upstream. */
    private final Map<String, AutoCloseable> listening = new ConcurrentHashMap<>();

    UpstreamResources(UpstreamRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean subscribe(String uri) {
        Optional<Route> route = registry.catalog().resource(uri);
        if (route.isEmpty()) {
            return false;
        }
        String upstream = route.get().upstream();
        try {
            UpstreamConnection connection = registry.sharedConnection(upstream);
            boolean subscribable = connection.initializeResult().path("capabilities").path("resources")
                    .path("subscribe").asBoolean(false);
            if (!subscribable) {
                return false;
            }
            if (!MODERN_VERSION.equals(connection.protocolVersion())) {
                return send(connection, "resources/subscribe", uri);
            }
            AutoCloseable stream = connection.listenToResource(uri, message -> {
                if (RESOURCE_UPDATED.equals(message.path("method").asText())) {
                    registry.resourceUpdated(upstream, message);
                }
            });
            if (stream == null) {
                return false;
            }
            listening.put(uri, stream);
            return true;
        } catch (UpstreamException e) {
            log.warn("Subscribing to a resource for a subscription stream failed: {}", e.getMessage());
            return false;
        }
    }

    @Override
    public void unsubscribe(String uri) {
        AutoCloseable stream = listening.remove(uri);
        if (stream != null) {
            try {
                stream.close();
            } catch (Exception e) {
                log.debug("Closing a resource's listen stream failed: {}", e.toString());
            }
            return;
        }
        Optional<Route> route = registry.catalog().resource(uri);
        if (route.isEmpty()) {
            return;
        }
        send(registry.sharedConnection(route.get().upstream()), "resources/unsubscribe", uri);
    }

    private static boolean send(UpstreamConnection connection, String method, String uri) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("uri", uri);
        try {
            ObjectNode response = connection.request(JsonRpc.request(JsonNodeFactory.instance.textNode(method), method,
                    params), MessageSink.DISCARD);
            return response.has("result");
        } catch (UpstreamException e) {
            log.warn("{} for a subscription stream failed: {}", method, e.getMessage());
            return false;
        }
    }
}
