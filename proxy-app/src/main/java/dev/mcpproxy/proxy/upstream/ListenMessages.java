package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a 2026-07-28 upstream sends on a {@code subscriptions/listen} stream of the proxy's, shaped
 * as a 2025-era upstream sends it on its GET stream: the stream's acknowledgement belongs to the
 * proxy, and the subscription id (the proxy's own request id) means nothing to anyone else.
 */
final class ListenMessages {
    static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
    private static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

    private ListenMessages() {
    }

    /** Passes the stream's notifications on in the 2025 shape; drops its acknowledgement. */
    static MessageSink asLegacy(MessageSink sink) {
        return message -> {
            if (!ACKNOWLEDGED.equals(message.path("method").asText())) {
                sink.accept(withoutSubscriptionId(message));
            }
        };
    }

    private static ObjectNode withoutSubscriptionId(ObjectNode message) {
        if (!(message.path("params").path("_meta") instanceof ObjectNode meta) || !meta.has(SUBSCRIPTION_ID)) {
            return message;
        }
        ObjectNode copy = message.deepCopy();
        ObjectNode copiedMeta = (ObjectNode) copy.get("params").get("_meta");
        copiedMeta.remove(SUBSCRIPTION_ID);
        if (copiedMeta.isEmpty()) {
            ((ObjectNode) copy.get("params")).remove("_meta");
        }
        return copy;
    }
}
