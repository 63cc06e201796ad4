package dev.mcpproxy.proxy.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.upstream.UpstreamHealth;

import java.util.List;
import java.util.function.Supplier;

/**
 * The proxy's health: {@code ready} when every upstream answers, {@code degraded} otherwise. A
 * degraded proxy still serves what its answering upstreams offer.
 */
public final class HealthReport {
    private final Supplier<List<UpstreamHealth>> upstreams;

    public HealthReport(Supplier<List<UpstreamHealth>> upstreams) {
        this.upstreams = upstreams;
    }

    public ObjectNode toJson() {
        List<UpstreamHealth> states = upstreams.get();
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("status", states.stream().allMatch(UpstreamHealth::ready) ? "ready" : "degraded");
        ArrayNode list = report.putArray("upstreams");
        for (UpstreamHealth health : states) {
            ObjectNode item = list.addObject();
            item.put("name", health.name());
            item.put("state", health.state().name().toLowerCase(java.util.Locale.ROOT));
            if (health.since() != null) {
                item.put("since", health.since().toString());
            }
            if (health.protocolVersion() != null) {
                item.put("protocolVersion", health.protocolVersion());
            }
            item.put("tools", health.tools());
            item.put("resources", health.resources());
            item.put("prompts", health.prompts());
            if (health.lastError() != null) {
                item.put("lastError", health.lastError());
            }
        }
        return report;
    }
}
