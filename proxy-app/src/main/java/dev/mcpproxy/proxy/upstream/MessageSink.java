package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives, as they arrive, the messages an upstream streams besides a final response:
 * notifications (progress, log messages, list changes) and server-to-client requests
 * (sampling, elicitation, roots). Called on the thread reading the upstream's stream, so an
 * implementation must not block for long.
 */
@FunctionalInterface
public interface MessageSink {

    /** Drops everything; for callers that have nowhere to send streamed messages. */
    MessageSink DISCARD = message -> {
    };

    void accept(ObjectNode message);
}
