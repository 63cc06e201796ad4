package dev.mcpproxy.proxy.governance.pii;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves the effective {@link ToolRules} of every tool once, at startup. */
final class PiiRules {
    private final ToolRules defaults;
    private final Map<String, ToolRules> byTool = new HashMap<>();

    PiiRules(PiiConfig config) {
        Map<String, PiiAction> actions = config.actions();
        this.defaults = new ToolRules(Map.copyOf(actions), List.of(), List.of(), config.scanNumbers());
        for (PiiToolConfig tool : config.tools()) {
            Map<String, PiiAction> toolActions = new LinkedHashMap<>(actions);
            tool.actions().forEach((detector, action) -> toolActions.put(detector, PiiAction.named(action)));
            boolean scanNumbers = tool.scanNumbers() == null ? config.scanNumbers() : tool.scanNumbers();
            byTool.put(tool.name(), new ToolRules(Map.copyOf(toolActions), tool.include(), tool.exclude(), scanNumbers));
        }
    }

    ToolRules forTool(String clientFacingName) {
        return clientFacingName == null ? defaults : byTool.getOrDefault(clientFacingName, defaults);
    }
}
