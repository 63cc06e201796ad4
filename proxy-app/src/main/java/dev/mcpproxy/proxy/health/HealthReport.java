package dev.mcpproxy.proxy.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.resilience.CircuitState;
import dev.mcpproxy.proxy.upstream.UpstreamHealth;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The proxy's health: {@code ready} when every upstream answers, {@code degraded} otherwise. An
 * upstream does not answer when it is not connected, its circuit is open, or its latest call
 * failed (timed out, answered garbage or an error status) and none has succeeded since. A degraded
 * proxy still serves what its answering upstreams offer.
 */
public final class HealthReport {
    private final Supplier<List<UpstreamHealth>> upstreams;
    private final Supplier<Map<String, CircuitState>> circuits;
    private final Supplier<Map<String, String>> lastCallFailures;

    /**
     * @param circuits         each upstream's circuit-breaker state (an open circuit makes it degraded)
     * @param lastCallFailures why the latest call failed, for upstreams whose latest call did
     */
    public HealthReport(Supplier<List<UpstreamHealth>> upstreams, Supplier<Map<String, CircuitState>> circuits,
                        Supplier<Map<String, String>> lastCallFailures) {
        this.upstreams = upstreams;
        this.circuits = circuits;
        this.lastCallFailures = lastCallFailures;
    }

    public ObjectNode toJson() {
        List<UpstreamHealth> states = upstreams.get();
        Map<String, CircuitState> circuitStates = circuits.get();
        Map<String, String> callFailures = lastCallFailures.get();
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        boolean ready = states.stream().allMatch(UpstreamHealth::ready)
                && !circuitStates.containsValue(CircuitState.OPEN) && callFailures.isEmpty();
        report.put("status", ready ? "ready" : "degraded");
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
            CircuitState circuit = circuitStates.get(health.name());
            if (circuit != null) {
                item.put("circuit", circuit.name().toLowerCase(java.util.Locale.ROOT));
            }
            if (callFailures.containsKey(health.name())) {
                item.put("lastCallFailure", callFailures.get(health.name()));
            }
            if (health.lastError() != null) {
                item.put("lastError", health.lastError());
            }
        }
        return report;
    }
}
