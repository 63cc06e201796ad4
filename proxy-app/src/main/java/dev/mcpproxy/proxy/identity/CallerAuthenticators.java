package dev.mcpproxy.proxy.identity;

import dev.mcpproxy.proxy.config.ConfigProblems;

/** Builds the caller authenticator for the configured identity mode. */
public final class CallerAuthenticators {
    private CallerAuthenticators() {
    }

    /** Throws {@link dev.mcpproxy.proxy.config.ConfigException} when the configuration is invalid. */
    public static CallerAuthenticator create(IdentityConfig config) {
        ConfigProblems problems = new ConfigProblems();
        config.validate("identity", problems);
        problems.throwIfAny();
        return switch (config.mode()) {
            case NONE -> CallerAuthenticator.NONE;
            case JWT -> JwtCallerAuthenticator.create(config);
        };
    }
}
