package dev.mcpproxy.proxy.upstream.auth;

import dev.mcpproxy.proxy.config.ConfigProblems;

/**
 * One header whose value is a secret, e.g. an API key.
 *
 * @param prefix text put before the secret, e.g. {@code "Bearer "} (default none)
 * @param secret where the value comes from
 */
public record StaticHeaderConfig(String prefix, SecretRef secret) {

    public StaticHeaderConfig {
        prefix = prefix == null ? "" : prefix;
    }

    public void validate(String key, ConfigProblems problems) {
        if (problems.check(secret != null, key + ".secret", "is required")) {
            secret.validate(key + ".secret", problems);
        }
    }
}
