package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Messages for a client session that belong to no request (list changes, resource updates,
 * server-to-client requests from an upstream's own stream), waiting for the client's GET stream.
 * Bounded: without a reader the oldest messages are dropped.
 */
public final class SessionStream {
    private static final int CAPACITY = 256;
    /** Wakes a waiting reader when the session ends. */
    private static final ObjectNode END = JsonNodeFactory.instance.objectNode();

    private final BlockingQueue<ObjectNode> queue = new ArrayBlockingQueue<>(CAPACITY);
    private volatile boolean closed;

    public void send(ObjectNode message) {
        if (closed) {
            return;
        }
        while (!queue.offer(message)) {
            queue.poll();
        }
    }

    /** The next message, null after {@code timeout} without one; throws when the session ended. */
    public ObjectNode next(long timeout, TimeUnit unit) throws InterruptedException, SessionEndedException {
        ObjectNode message = queue.poll(timeout, unit);
        if (message == END || (message == null && closed)) {
            throw new SessionEndedException();
        }
        return message;
    }

    public void close() {
        closed = true;
        queue.clear();
        queue.offer(END);
    }

    /** The session was deleted or expired while its stream was open. */
    public static final class SessionEndedException extends Exception {
        SessionEndedException() {
            super(null, null, false, false);
        }
    }
}
