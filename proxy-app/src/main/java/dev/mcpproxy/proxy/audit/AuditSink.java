package dev.mcpproxy.proxy.audit;

import dev.mcpproxy.proxy.governance.AuditEvent;

/** Where finished audit events go. Never blocks the request path for long. */
public interface AuditSink extends AutoCloseable {

    void write(AuditEvent event);

    /** Events lost so far because the sink could not keep up (or was closed). */
    long droppedEvents();

    /** Writes what is still queued, then releases the outputs. */
    @Override
    void close();
}
