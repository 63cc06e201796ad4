package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.telemetry.InboundCall;
import dev.mcpproxy.proxy.telemetry.StageSpan;

import java.util.List;

/**
 * The configured stages in order: requests pass them first to last, results and listings last to
 * first, like nested wrappers around the upstream call.
 */
public final class GovernanceChain {

    public static final GovernanceChain EMPTY = new GovernanceChain(List.of());

    private final List<GovernanceStage> stages;
    private final List<GovernanceStage> reversed;
    private final List<RelayGuard> relays;

    public GovernanceChain(List<GovernanceStage> stages) {
        this(stages, List.of());
    }

    /** @param relays guards of the messages relayed between upstreams and clients */
    public GovernanceChain(List<GovernanceStage> stages, List<RelayGuard> relays) {
        this.stages = List.copyOf(stages);
        this.reversed = this.stages.reversed();
        this.relays = List.copyOf(relays);
    }

    /** obs: each stage runs in its own span under the request's ({@link InboundCall}). */
    public void onRequest(Exchange exchange) throws GovernanceException {
        InboundCall call = InboundCall.current();
        call.governs(exchange);
        for (GovernanceStage stage : stages) {
            try (StageSpan span = call.stage(stage.name(), "request")) {
                try {
                    stage.onRequest(exchange);
                } catch (GovernanceException e) {
                    span.rejected(e.code());
                    throw e;
                }
            }
        }
    }

    public void onResult(Exchange exchange, ObjectNode result) {
        InboundCall call = InboundCall.current();
        for (GovernanceStage stage : reversed) {
            try (StageSpan ignored = call.stage(stage.name(), "result")) {
                stage.onResult(exchange, result);
            }
        }
    }

    public void onListing(Exchange exchange, ArrayNode items) {
        InboundCall call = InboundCall.current();
        for (GovernanceStage stage : reversed) {
            try (StageSpan ignored = call.stage(stage.name(), "listing")) {
                stage.onListing(exchange, items);
            }
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

    public void onFailure(Exchange exchange, int errorCode) {
        for (GovernanceStage stage : reversed) {
            stage.onFailure(exchange, errorCode);
        }
    }
}
