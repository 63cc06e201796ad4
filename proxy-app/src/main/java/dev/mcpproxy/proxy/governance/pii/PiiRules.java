package dev.mcpproxy.proxy.governance.pii;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Resolves the effective {@link ToolRules} of every path and item once, at startup: the detectors'
 * actions, then the path's ({@code pii.methods.<method>}, or {@code pii.results} and
 * {@code pii.results.methods.<method>} for upstream data), then the item's.
 */
final class PiiRules {
    private final Map<String, Path> inbound = new HashMap<>();
    private final Map<String, Path> outbound = new HashMap<>();

    PiiRules(PiiConfig config) {
        Map<String, PiiAction> actions = config.actions();
        for (String method : PiiPaths.INBOUND) {
            PiiMethodConfig path = config.methods().getOrDefault(method, PiiMethodConfig.DEFAULT);
            if (path.enabled()) {
                List<PiiToolConfig> items = PiiPaths.TOOLS_CALL.equals(method)
                        ? concat(config.tools(), path.items()) : path.items();
                inbound.put(method, new Path(config, actions, path, items));
            }
        }
        if (!config.results().enabled()) {
            return;
        }
        Map<String, PiiAction> resultActions = new LinkedHashMap<>();
        // A result cannot be refused in part: what a caller's request may not carry, it does not see.
        actions.forEach((detector, action) -> resultActions.put(detector, action == PiiAction.BLOCK ? PiiAction.REDACT : action));
        config.results().actions().forEach((detector, action) -> resultActions.put(detector, PiiAction.named(action)));
        for (String method : PiiPaths.OUTBOUND) {
            PiiMethodConfig path = config.results().methods().getOrDefault(method, PiiMethodConfig.DEFAULT);
            if (path.enabled()) {
                outbound.put(method, new Path(config, resultActions, path, path.items()));
            }
        }
    }

    /** Rules for data a client sends on {@code method} about {@code item}; null when the path is off. */
    ToolRules inbound(String method, String item) {
        Path path = inbound.get(method);
        return path == null ? null : path.forItem(item);
    }

    /**
     * Rules for data an upstream sends on {@code method} about {@code item} toward a caller;
     * null when the path is off. A caller who may see personal data ({@code revealing}) gets what
     * {@code tokenize} would hide.
     */
    ToolRules outbound(String method, String item, boolean revealing) {
        Path path = outbound.get(method);
        return path == null ? null : revealing ? path.revealing(item) : path.forItem(item);
    }

    private static List<PiiToolConfig> concat(List<PiiToolConfig> first, List<PiiToolConfig> second) {
        return second.isEmpty() ? first : Stream.concat(first.stream(), second.stream()).toList();
    }

    /** One path's rules and its items'. */
    private static final class Path {
        private final ToolRules defaults;
        private final Map<String, ToolRules> byItem = new HashMap<>();
        private final ToolRules revealingDefaults;
        private final Map<String, ToolRules> revealingByItem = new HashMap<>();

        Path(PiiConfig config, Map<String, PiiAction> base, PiiMethodConfig path, List<PiiToolConfig> items) {
            Map<String, PiiAction> actions = new LinkedHashMap<>(base);
            path.actions().forEach((detector, action) -> actions.put(detector, PiiAction.named(action)));
            this.defaults = new ToolRules(Map.copyOf(actions), List.of(), List.of(), config.scanNumbers());
            for (PiiToolConfig item : items) {
                Map<String, PiiAction> itemActions = new LinkedHashMap<>(actions);
                item.actions().forEach((detector, action) -> itemActions.put(detector, PiiAction.named(action)));
                boolean scanNumbers = item.scanNumbers() == null ? config.scanNumbers() : item.scanNumbers();
                byItem.put(item.name(), new ToolRules(Map.copyOf(itemActions), item.include(), item.exclude(), scanNumbers));
            }
            this.revealingDefaults = defaults.revealing();
            byItem.forEach((item, rules) -> revealingByItem.put(item, rules.revealing()));
        }

        ToolRules forItem(String item) {
            return item == null ? defaults : byItem.getOrDefault(item, defaults);
        }

        ToolRules revealing(String item) {
            return item == null ? revealingDefaults : revealingByItem.getOrDefault(item, revealingDefaults);
        }
    }
}
