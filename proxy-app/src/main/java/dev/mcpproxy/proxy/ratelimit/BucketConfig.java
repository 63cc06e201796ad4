package dev.mcpproxy.proxy.ratelimit;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One limit: a token bucket per distinct key, for the requests it matches.
 *
 * @param name          names the limit in errors, audit facts and the store key
 * @param keyBy         dimensions a bucket is kept per; empty means one global bucket
 * @param rate          tokens added per period
 * @param periodSeconds the period (default 1)
 * @param burst         bucket size (default {@code rate})
 * @param methods       JSON-RPC methods counted (default {@code tools/call})
 * @param tools         client-facing names it applies to, as globs ({@code *}, {@code ?}); empty = all
 * @param upstreams     upstreams it applies to; empty = all
 */
public record BucketConfig(String name, List<KeyDimension> keyBy, Long rate, Long periodSeconds, Long burst,
                           List<String> methods, List<String> tools, List<String> upstreams) {

    static final Set<String> GOVERNED_METHODS = Set.of("tools/call", "resources/read", "prompts/get",
            "tools/list", "resources/list", "resources/templates/list", "prompts/list", "completion/complete");

    public BucketConfig {
        keyBy = keyBy == null ? List.of() : List.copyOf(keyBy);
        periodSeconds = periodSeconds == null ? 1L : periodSeconds;
        burst = burst == null ? rate : burst;
        methods = methods == null ? List.of("tools/call") : List.copyOf(methods);
        tools = tools == null ? List.of() : List.copyOf(tools);
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    }

    public Limit limit() {
        return new Limit(rate, Duration.ofSeconds(periodSeconds), burst);
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(name != null && name.matches("[A-Za-z0-9_.-]{1,64}"), key + ".name",
                "required: 1-64 letters, digits, '_', '.' or '-'");
        problems.check(rate != null && rate > 0, key + ".rate", "must be a positive number of requests");
        problems.check(periodSeconds > 0, key + ".periodSeconds", "must be positive");
        problems.check(burst == null || burst > 0, key + ".burst", "must be positive");
        problems.check(!methods.isEmpty(), key + ".methods", "must name at least one method");
        for (int i = 0; i < methods.size(); i++) {
            problems.check(GOVERNED_METHODS.contains(methods.get(i)), key + ".methods[" + i + "]",
                    "not a method the proxy forwards; one of " + GOVERNED_METHODS.stream().sorted().toList());
        }
        problems.check(keyBy.stream().distinct().count() == keyBy.size(), key + ".keyBy", "lists a dimension twice");
    }
}
