package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The configured stages in order: requests pass them first to last, results and listings last to
 * first, like nested wrappers around the upstream call.
 */
public final class GovernanceChain {

    public static final GovernanceChain EMPTY = new GovernanceChain(List.of());

    private final List<GovernanceStage> stages;
    private final List<GovernanceStage> reversed;

    public GovernanceChain(List<GovernanceStage> stages) {
        this.stages = List.copyOf(stages);
        this.reversed = this.stages.reversed();
    }

    public void onRequest(Exchange exchange) throws GovernanceException {
        for (GovernanceStage stage : stages) {
            stage.onRequest(exchange);
        }
    }

    public void onResult(Exchange exchange, ObjectNode result) {
        for (GovernanceStage stage : reversed) {
            stage.onResult(exchange, result);
        }
    }

    public void onListing(Exchange exchange, ArrayNode items) {
        for (GovernanceStage stage : reversed) {
            stage.onListing(exchange, items);
        }
    }
}
