package dev.mcpproxy.proxy.upstream.auth;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.regex.Pattern;

/**
 * SigV4 settings.
 *
 * @param service signing name (default {@code bedrock-agentcore})
 * @param region  signing region; when absent, taken from an AgentCore URL's host, else from the
 *                environment ({@code AWS_REGION}, profile)
 */
public record SigV4Config(String service, String region) {

    public static final String DEFAULT_SERVICE = "bedrock-agentcore";
    public static final SigV4Config DEFAULTS = new SigV4Config(null, null);
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public SigV4Config {
        service = service == null ? DEFAULT_SERVICE : service;
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(!service.isBlank(), key + ".service", "must not be blank");
        problems.check(region == null || REGION.matcher(region).matches(), key + ".region",
                "not an AWS region name (e.g. us-east-1)");
    }
}
