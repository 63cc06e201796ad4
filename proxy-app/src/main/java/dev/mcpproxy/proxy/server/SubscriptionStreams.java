package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.ModernEra;
import dev.mcpproxy.proxy.federation.ListKind;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.session.SessionStream;
import org.eclipse.jetty.server.Response;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The open {@code subscriptions/listen} streams of 2026-07-28 clients (basic/patterns/subscriptions,
 * schema {@code SubscriptionFilter}): each acknowledges what it honors, then carries
 * {@code notifications/*}{@code /list_changed} as the merged catalog changes and
 * {@code notifications/resources/updated} for the resources it subscribed to, tagged with the
 * subscription id, until the client closes it or the proxy shuts down (which ends it with the
 * empty result). Resource subscriptions are made once per URI at the owning upstream (shared by
 * every stream that asks for it) and ended with the last stream that wanted it.
 */
public final class SubscriptionStreams {
    /** Subscribes to one resource at its upstream; true when the upstream accepted. */
    public interface ResourceSubscriber {
        boolean subscribe(String uri);

        void unsubscribe(String uri);

        ResourceSubscriber NONE = new ResourceSubscriber() {
            @Override
            public boolean subscribe(String uri) {
                return false;
            }

            @Override
            public void unsubscribe(String uri) {
            }
        };
    }

    private static final String RESOURCE_UPDATED = "notifications/resources/updated";
    /** Filter field → the list notification it opts in to. */
    private static final Map<String, String> LIST_CHANGES = Map.of(
            "toolsListChanged", "notifications/tools/list_changed",
            "promptsListChanged", "notifications/prompts/list_changed",
            "resourcesListChanged", "notifications/resources/list_changed");
    private static final long KEEPALIVE_SECONDS = 15;

    private final Set<SessionStream> open = ConcurrentHashMap.newKeySet();
    private final ObjectNode serverInfo;
    private final ResourceSubscriber subscriber;
    /** How many open streams want each subscribed URI. */
    private final Map<String, Integer> subscribed = new HashMap<>();

    public SubscriptionStreams(ObjectNode serverInfo, ResourceSubscriber subscriber) {
        this.serverInfo = serverInfo;
        this.subscriber = subscriber;
    }

    /** An upstream said a resource changed: the streams subscribed to it hear of it. */
    public void resourceUpdated(ObjectNode notification) {
        open.forEach(stream -> stream.send(notification));
    }

    /** The merged catalog changed: every open stream hears of it (each filters what it asked for). */
    public void changed(Set<ListKind> kinds) {
        Set<String> methods = new LinkedHashSet<>();
        kinds.forEach(kind -> methods.add(kind.changedNotification()));
        for (String method : methods) {
            open.forEach(stream -> stream.send(JsonRpc.notification(method, null)));
        }
    }

    /** Ends every stream with its result (shutdown), so no open stream holds the drain. */
    public void endAll() {
        open.forEach(SessionStream::close);
    }

    /** Serves one listen request until the client leaves or the proxy ends the stream. */
    void serve(Response response, ObjectMapper mapper, JsonNode id, ObjectNode params) throws IOException {
        Map<String, String> honored = new LinkedHashMap<>();
        JsonNode requested = params.path("notifications");
        LIST_CHANGES.forEach((field, method) -> {
            if (requested.path(field).asBoolean(false)) {
                honored.put(method, field);
            }
        });
        Set<String> resources = new LinkedHashSet<>();
        requested.path("resourceSubscriptions").forEach(uri -> {
            if (uri.isTextual() && acquire(uri.textValue())) {
                resources.add(uri.textValue());
            }
        });
        SessionStream stream = new SessionStream();
        open.add(stream);
        try {
            HttpReply.startStream(response);
            ObjectNode ackParams = JsonNodeFactory.instance.objectNode();
            ObjectNode filter = ackParams.putObject("notifications");
            honored.values().forEach(field -> filter.put(field, true));
            if (!resources.isEmpty()) {
                resources.forEach(filter.putArray("resourceSubscriptions")::add);
            }
            tag(ackParams, id);
            write(response, mapper, JsonRpc.notification("notifications/subscriptions/acknowledged", ackParams), false);
            while (true) {
                ObjectNode message = stream.next(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (message == null) {
                    HttpReply.write(response, false, ":\n\n");
                } else if (honored.containsKey(message.path("method").asText())
                        || RESOURCE_UPDATED.equals(message.path("method").asText())
                        && resources.contains(message.path("params").path("uri").asText())) {
                    ObjectNode tagged = message.deepCopy();
                    tag(JsonRpc.params(tagged), id);
                    write(response, mapper, tagged, false);
                }
            }
        } catch (SessionStream.SessionEndedException e) {
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("resultType", "complete");
            ObjectNode meta = result.putObject("_meta");
            meta.set(ModernEra.META_SUBSCRIPTION_ID, id);
            meta.set(ModernEra.META_SERVER_INFO, serverInfo.deepCopy());
            write(response, mapper, JsonRpc.result(id, result), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpReply.write(response, true, "");
        } finally {
            open.remove(stream);
            resources.forEach(this::release);
        }
    }

    private synchronized boolean acquire(String uri) {
        Integer wanted = subscribed.get(uri);
        if (wanted == null && !subscriber.subscribe(uri)) {
            return false;
        }
        subscribed.put(uri, wanted == null ? 1 : wanted + 1);
        return true;
    }

    private synchronized void release(String uri) {
        int wanted = subscribed.getOrDefault(uri, 1) - 1;
        if (wanted > 0) {
            subscribed.put(uri, wanted);
        } else {
            subscribed.remove(uri);
            subscriber.unsubscribe(uri);
        }
    }

    private static void tag(ObjectNode params, JsonNode id) {
        ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
        meta.set(ModernEra.META_SUBSCRIPTION_ID, id);
    }

    private static void write(Response response, ObjectMapper mapper, ObjectNode message, boolean last)
            throws IOException {
        HttpReply.write(response, last, "event: message\ndata: " + mapper.writeValueAsString(message) + "\n\n");
    }
}
