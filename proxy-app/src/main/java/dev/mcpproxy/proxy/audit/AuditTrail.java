package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.RequestAudit;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonSize;

import java.time.Clock;
import java.util.List;

/**
 * The audit trail: as the outermost governance stage it records who asked what (with an argument
 * digest, never the values) and what came back; {@link #complete}, which the governance chain
 * calls on every way out, then writes exactly one event per governed request, whether it
 * succeeded, failed or was rejected by a later stage.
 */
public final class AuditTrail implements RequestAudit, AutoCloseable {
    private static final String STARTED = AuditTrail.class.getName() + ".startedNanos";
    private static final String WRITTEN = AuditTrail.class.getName() + ".written";

    private final AuditSink sink;
    private final ArgumentDigest digest;
    private final Clock clock;

    public AuditTrail(AuditSink sink, ArgumentDigest digest, Clock clock) {
        this.sink = sink;
        this.digest = digest;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public void onRequest(Exchange exchange) {
        if (exchange.attribute(STARTED) != null) {
            return;
        }
        exchange.attribute(STARTED, System.nanoTime());
        Principal principal = exchange.principal();
        AuditEvent audit = exchange.audit()
                .put(AuditFields.TIME, clock.instant())
                .put(AuditFields.REQUEST_ID, RequestIds.processWide().next())
                .put(AuditFields.CLIENT_REQUEST_ID_DIGEST,
                        exchange.requestId() == null ? null : digest.digest(exchange.requestId()).value())
                .put(AuditFields.SESSION_ID, exchange.sessionId())
                .put(AuditFields.METHOD, exchange.method())
                .put(AuditFields.UPSTREAM, exchange.upstream())
                .put(AuditFields.TARGET, exchange.shownTarget());
        if (principal != null) {
            audit.put(AuditFields.PRINCIPAL, principal.id())
                    .put(AuditFields.CLIENT_ID, principal.clientId())
                    .put(AuditFields.GROUPS, List.copyOf(principal.groups()));
        }
        JsonNode arguments = exchange.params() == null ? null : exchange.params().get("arguments");
        if (arguments != null && !arguments.isNull()) {
            ArgumentDigest.Digested digested = digest.digest(arguments);
            audit.put(AuditFields.ARGS_DIGEST, digested.value()).put(AuditFields.ARGS_BYTES, digested.canonicalBytes());
        }
    }

    @Override
    public void onResult(Exchange exchange, ObjectNode result) {
        exchange.audit()
                .put(AuditFields.UPSTREAM_STATUS, "ok")
                .put(AuditFields.RESULT_BYTES, JsonSize.of(result));
        if (result.has("isError")) {
            exchange.audit().put(AuditFields.IS_ERROR, result.get("isError").asBoolean());
        }
    }

    @Override
    public void onListing(Exchange exchange, ArrayNode items) {
        // Listings get no onRequest call: record the request facts here.
        onRequest(exchange);
        exchange.audit().put(AuditFields.LISTED, items.size());
    }

    @Override
    public void complete(Exchange exchange, Integer errorCode) {
        if (exchange.attribute(WRITTEN) != null) {
            return;
        }
        exchange.attribute(WRITTEN, Boolean.TRUE);
        onRequest(exchange);
        long started = exchange.attribute(STARTED);
        AuditEvent audit = exchange.audit()
                .put(AuditFields.OUTCOME, errorCode == null ? AuditFields.OUTCOME_OK : AuditFields.OUTCOME_ERROR)
                .put(AuditFields.ERROR_CODE, errorCode)
                .put(AuditFields.LATENCY_MS, (System.nanoTime() - started) / 1_000_000);
        sink.write(audit);
    }

    /** Events the sink lost so far: the audit trail is incomplete when this is not 0. */
    public long droppedEvents() {
        return sink.droppedEvents();
    }

    @Override
    public void close() {
        sink.close();
    }
}
