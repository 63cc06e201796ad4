package dev.mcpproxy.proxy.telemetry;

/** The CloudWatch units the proxy's metrics use (EMF's {@code Unit} member). */
public enum Unit {
    COUNT("Count"),
    MILLISECONDS("Milliseconds"),
    NONE("None");

    private final String cloudWatchName;

    Unit(String cloudWatchName) {
        this.cloudWatchName = cloudWatchName;
    }

    public String cloudWatchName() {
        return cloudWatchName;
    }
}
