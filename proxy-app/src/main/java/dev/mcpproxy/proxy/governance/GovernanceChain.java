package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.telemetry.InboundCall;
import dev.mcpproxy.proxy.telemetry.StageSpan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The configured stages in order: requests pass them first to last, results and listings last to
 * first, like nested wrappers around the upstream call. The audit, when configured, is the
 * outermost stage and the chain completes its event on every way out: a rejection, a result, a
 * listing, a failure after the stages, and an unexpected exception in any stage.
 */
public final class GovernanceChain {

    public static final GovernanceChain EMPTY = new GovernanceChain(List.of());

    private final List<GovernanceStage> stages;
    private final List<GovernanceStage> reversed;
    private final List<RelayGuard> relays;
    private final RequestAudit audit;
    private final boolean urisGuarded;

    public GovernanceChain(List<GovernanceStage> stages) {
        this(stages, List.of());
    }

    /** @param relays guards of the messages relayed between upstreams and clients */
    public GovernanceChain(List<GovernanceStage> stages, List<RelayGuard> relays) {
        this(stages, relays, null);
    }

    /** @param audit the audit trail wrapped around the stages, or null when auditing is off */
    public GovernanceChain(List<GovernanceStage> stages, List<RelayGuard> relays, RequestAudit audit) {
        List<GovernanceStage> all = new ArrayList<>();
        if (audit != null) {
            all.add(audit);
        }
        all.addAll(stages);
        this.stages = List.copyOf(all);
        this.reversed = this.stages.reversed();
        this.relays = List.copyOf(relays);
        this.audit = audit;
        this.urisGuarded = stages.stream().anyMatch(GovernanceStage::guardsResourceUris);
    }

    /** Each stage runs in its own span under the request's ({@link InboundCall}). */
    public void onRequest(Exchange exchange) throws GovernanceException {
        InboundCall call = InboundCall.current();
        // A stage before the URI's guard may reject the request: until the guard has run, audit and
        // spans must not show a URI that may hold personal data.
        if (urisGuarded && exchange.target() != null && Exchange.targetsResourceUri(exchange.method())) {
            exchange.showTargetAs(Exchange.withheld(exchange.target()));
        }
        call.governs(exchange.shownTarget(), exchange.upstream(), exchange.facts());
        for (GovernanceStage stage : stages) {
            try (StageSpan span = call.stage(stage.name(), "request")) {
                try {
                    stage.onRequest(exchange);
                } catch (GovernanceException e) {
                    span.rejected(e.code());
                    complete(exchange, e.code());
                    throw e;
                } catch (RuntimeException e) {
                    complete(exchange, JsonRpcErrors.INTERNAL_ERROR);
                    throw e;
                }
            }
        }
    }

    public void onResult(Exchange exchange, ObjectNode result) {
        outward(exchange, "result", (stage, ex) -> stage.onResult(ex, result));
    }

    public void onListing(Exchange exchange, ArrayNode items) {
        outward(exchange, "listing", (stage, ex) -> stage.onListing(ex, items));
    }

    /** The way out of a request that succeeded: every stage in reverse order, each in its span, then the audit event. */
    private void outward(Exchange exchange, String phase, BiConsumer<GovernanceStage, Exchange> step) {
        InboundCall call = InboundCall.current();
        try {
            for (GovernanceStage stage : reversed) {
                try (StageSpan ignored = call.stage(stage.name(), phase)) {
                    step.accept(stage, exchange);
                }
            }
        } catch (RuntimeException e) {
            complete(exchange, JsonRpcErrors.INTERNAL_ERROR);
            throw e;
        }
        complete(exchange, null);
    }

    private void complete(Exchange exchange, Integer errorCode) {
        if (audit != null) {
            audit.complete(exchange, errorCode);
        }
    }

    /** Whether some stage filters listings per caller, so one caller's listing must not be served to another. */
    public boolean listingVariesByCaller() {
        return stages.stream().anyMatch(GovernanceStage::listingVariesByCaller);
    }

    /** See {@link RelayGuard#onServerMessage}. */
    public void onServerMessage(Exchange exchange, ObjectNode message) {
        for (RelayGuard relay : relays) {
            relay.onServerMessage(exchange, message);
        }
    }

    /** See {@link RelayGuard#onClientAnswer}: the exchange of the last guard that governed the answer, or null. */
    public Exchange onClientAnswer(Principal principal, String sessionId, ObjectNode response) {
        Exchange governed = null;
        for (RelayGuard relay : relays) {
            Exchange exchange = relay.onClientAnswer(principal, sessionId, response);
            governed = exchange == null ? governed : exchange;
        }
        return governed;
    }

    /**
     * The request passed the stages but failed after them (see {@link GovernanceStage#onFailure});
     * the audit event is written even when a stage throws.
     */
    public void onFailure(Exchange exchange, int errorCode) {
        try {
            for (GovernanceStage stage : reversed) {
                stage.onFailure(exchange, errorCode);
            }
        } finally {
            complete(exchange, errorCode);
        }
    }
}
