package dev.mcpproxy.cdk.environment;

/** Default per-caller rate limit handed to the proxy; the proxy's own configuration may refine it per tool. */
public record RateLimitSettings(Integer requestsPerMinute, Integer burst) {
    public RateLimitSettings {
        requestsPerMinute = requestsPerMinute == null ? 600 : requestsPerMinute;
        burst = burst == null ? 100 : burst;
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(null, null);
    }

    public void validate(String key, EnvironmentProblems problems) {
        problems.check(requestsPerMinute > 0, key + ".requestsPerMinute", "must be positive");
        problems.check(burst > 0, key + ".burst", "must be positive");
    }
}
