package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where messages related to one client request go before its response: progress and log
 * notifications, relayed server-to-client requests. The HTTP layer turns the reply into an SSE
 * stream on the first one, so they reach the client as they arrive.
 */
@FunctionalInterface
public interface ReplyStream {

    ReplyStream NONE = message -> {
    };

    void send(ObjectNode message);
}
