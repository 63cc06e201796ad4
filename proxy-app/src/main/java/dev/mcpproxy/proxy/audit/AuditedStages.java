package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;

import java.util.List;
import java.util.function.Consumer;

/** Governance stages run inside the audit trail, which writes the event when they are done. */
final class AuditedStages implements GovernanceStage {
    private final AuditTrail trail;
    private final List<GovernanceStage> stages;
    private final List<GovernanceStage> reversed;

    AuditedStages(AuditTrail trail, List<GovernanceStage> stages) {
        this.trail = trail;
        this.stages = List.copyOf(stages);
        this.reversed = this.stages.reversed();
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public void onRequest(Exchange exchange) throws GovernanceException {
        trail.onRequest(exchange);
        try {
            for (GovernanceStage stage : stages) {
                stage.onRequest(exchange);
            }
        } catch (GovernanceException e) {
            trail.complete(exchange, e.code());
            throw e;
        }
    }

    @Override
    public void onResult(Exchange exchange, ObjectNode result) {
        outward(exchange, null, stage -> stage.onResult(exchange, result));
    }

    @Override
    public void onListing(Exchange exchange, ArrayNode items) {
        outward(exchange, null, stage -> stage.onListing(exchange, items));
    }

    @Override
    public boolean listingVariesByCaller() {
        return stages.stream().anyMatch(GovernanceStage::listingVariesByCaller);
    }

    @Override
    public void onFailure(Exchange exchange, int errorCode) {
        outward(exchange, errorCode, stage -> stage.onFailure(exchange, errorCode));
    }

    /** The way out: the inner stages in reverse order, then the trail itself, which then writes the event. */
    private void outward(Exchange exchange, Integer errorCode, Consumer<GovernanceStage> step) {
        reversed.forEach(step);
        step.accept(trail);
        trail.complete(exchange, errorCode);
    }
}
