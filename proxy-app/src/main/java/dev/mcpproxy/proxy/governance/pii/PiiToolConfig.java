package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.List;
import java.util.Map;

/**
 * Rules for one tool, by its client-facing name (prefix included).
 *
 * @param name        tool name as clients see it
 * @param actions     detector name to action, overriding the detector's own action for this tool
 * @param include     JSON pointers into the arguments; when given, only these subtrees are scanned
 * @param exclude     JSON pointers into the arguments never scanned
 * @param scanNumbers whether numeric values are scanned here (default: {@code pii.scanNumbers})
 */
public record PiiToolConfig(String name, Map<String, String> actions, List<String> include, List<String> exclude,
                            Boolean scanNumbers) {

    public PiiToolConfig {
        actions = actions == null ? Map.of() : Map.copyOf(actions);
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(name != null && !name.isBlank(), key + ".name", "must name a tool");
        actions.forEach((detector, action) -> problems.check(PiiAction.isName(action), key + ".actions." + detector,
                "must be one of " + PiiAction.NAMES));
        checkPointers(key + ".include", include, problems);
        checkPointers(key + ".exclude", exclude, problems);
    }

    private static void checkPointers(String key, List<String> pointers, ConfigProblems problems) {
        for (int i = 0; i < pointers.size(); i++) {
            String pointer = pointers.get(i);
            problems.check(pointer != null && pointer.startsWith("/") && !pointer.matches(".*~[^01].*|.*~$"),
                    key + "[" + i + "]", "must be a JSON pointer into the arguments, e.g. /customer/email");
        }
    }
}
