package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules for one message path ({@code pii.methods.<method>} or {@code pii.results.methods.<method>}).
 *
 * @param enabled whether the path is scanned at all (default true)
 * @param actions detector name to action on this path, overriding the section's actions
 * @param items   per-item rules (tool or prompt by client-facing name), each overriding the path's
 */
public record PiiMethodConfig(Boolean enabled, Map<String, String> actions, List<PiiToolConfig> items) {

    public PiiMethodConfig {
        enabled = enabled == null || enabled;
        actions = actions == null ? Map.of() : Map.copyOf(actions);
        items = items == null ? List.of() : List.copyOf(items);
    }

    static final PiiMethodConfig DEFAULT = new PiiMethodConfig(null, null, null);

    /**
     * @param detectors  every configured detector name
     * @param takesItems whether this path names items (tools, prompts) that rules can select
     * @param allowed    the actions this direction takes
     */
    void validate(String key, ConfigProblems problems, Set<String> detectors, boolean takesItems,
                  Set<PiiAction> allowed) {
        actions.forEach((detector, action) -> checkAction(key + ".actions." + detector, detector, action, detectors,
                allowed, problems));
        problems.check(takesItems || items.isEmpty(), key + ".items", "this path has no named items");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            PiiToolConfig item = items.get(i);
            String itemKey = key + ".items[" + i + "]";
            item.validate(itemKey, problems);
            problems.check(item.name() == null || names.add(item.name()), itemKey + ".name", "listed twice");
            item.actions().forEach((detector, action) -> checkAction(itemKey + ".actions." + detector, detector, action,
                    detectors, allowed, problems));
        }
    }

    static void checkAction(String key, String detector, String action, Set<String> detectors, Set<PiiAction> allowed,
                            ConfigProblems problems) {
        problems.check(detectors.contains(detector), key, "no such detector");
        if (PiiAction.isName(action)) {
            problems.check(allowed.contains(PiiAction.named(action)), key, "must be one of "
                    + String.join(", ", allowed.stream().map(PiiAction::configName).sorted().toList()));
        }
    }
}
