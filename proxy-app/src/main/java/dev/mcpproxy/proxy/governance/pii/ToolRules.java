package dev.mcpproxy.proxy.governance.pii;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective rules for one tool (or one path's item, see {@link PiiRules}): each detector's
 * action and which parts of the data are scanned. Pointers are JSON pointers relative to the
 * scanned object (a tool call's arguments, a result).
 */
record ToolRules(Map<String, PiiAction> actions, List<String> include, List<String> exclude, boolean scanNumbers) {

    PiiAction action(String type) {
        return actions.getOrDefault(type, PiiAction.TOKENIZE);
    }

    /** The same rules with what {@code tokenize} would hide left in clear, for callers who may see it. */
    ToolRules revealing() {
        Map<String, PiiAction> revealed = new LinkedHashMap<>();
        actions.forEach((type, action) -> revealed.put(type, action == PiiAction.TOKENIZE ? PiiAction.ALLOW : action));
        return new ToolRules(Map.copyOf(revealed), include, exclude, scanNumbers);
    }

    /** True when every detector's action leaves values as they are: a scan would only count. */
    boolean leavesAll() {
        return actions.values().stream().allMatch(action -> action == PiiAction.ALLOW);
    }

    /** Whether the value at {@code pointer} is scanned itself. */
    boolean scans(String pointer) {
        if (exclude.stream().anyMatch(e -> isAtOrBelow(pointer, e))) {
            return false;
        }
        return include.isEmpty() || include.stream().anyMatch(i -> isAtOrBelow(pointer, i));
    }

    /** Whether anything at or below {@code pointer} may be scanned, so the walk must go in. */
    boolean mayDescend(String pointer) {
        if (exclude.stream().anyMatch(e -> isAtOrBelow(pointer, e))) {
            return false;
        }
        return include.isEmpty() || include.stream().anyMatch(i -> isAtOrBelow(pointer, i) || isAtOrBelow(i, pointer));
    }

    private static boolean isAtOrBelow(String pointer, String ancestor) {
        return pointer.equals(ancestor) || ancestor.isEmpty()
                || (pointer.startsWith(ancestor) && pointer.charAt(ancestor.length()) == '/');
    }
}
