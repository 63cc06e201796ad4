package dev.mcpproxy.proxy.federation;

import java.util.Optional;

/** The four MCP listings a proxy discovers and merges. */
public enum ListKind {
    TOOLS("tools/list", "tools", "tools", "notifications/tools/list_changed"),
    RESOURCES("resources/list", "resources", "resources", "notifications/resources/list_changed"),
    RESOURCE_TEMPLATES("resources/templates/list", "resourceTemplates", "resources",
            "notifications/resources/list_changed"),
    PROMPTS("prompts/list", "prompts", "prompts", "notifications/prompts/list_changed");

    private final String method;
    private final String resultField;
    private final String capability;
    private final String changedNotification;

    ListKind(String method, String resultField, String capability, String changedNotification) {
        this.method = method;
        this.resultField = resultField;
        this.capability = capability;
        this.changedNotification = changedNotification;
    }

    /** The list method, e.g. {@code tools/list}. */
    public String method() {
        return method;
    }

    /** The array field of the list result, e.g. {@code tools}. */
    public String resultField() {
        return resultField;
    }

    /** The server capability that announces this listing. */
    public String capability() {
        return capability;
    }

    /** The notification that says this listing changed. */
    public String changedNotification() {
        return changedNotification;
    }

    public static Optional<ListKind> ofMethod(String method) {
        for (ListKind kind : values()) {
            if (kind.method.equals(method)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
