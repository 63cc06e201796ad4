package dev.mcpproxy.proxy.identity;

/** Builds the caller authenticator for the configured identity mode. */
public final class CallerAuthenticators {
    private CallerAuthenticators() {
    }

    public static CallerAuthenticator create(IdentityConfig config) {
        return switch (config.mode()) {
            case NONE -> CallerAuthenticator.NONE;
            case JWT -> JwtCallerAuthenticator.create(config);
        };
    }
}
