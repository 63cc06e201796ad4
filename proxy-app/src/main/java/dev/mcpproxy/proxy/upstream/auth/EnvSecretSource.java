package dev.mcpproxy.proxy.upstream.auth;

import java.util.function.UnaryOperator;

/** A secret in an environment variable, read on every use. */
final class EnvSecretSource implements SecretSource {
    private final String variable;
    private final UnaryOperator<String> environment;

    EnvSecretSource(String variable, UnaryOperator<String> environment) {
        this.variable = variable;
        this.environment = environment;
    }

    @Override
    public String value() throws UpstreamAuthException {
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new UpstreamAuthException("environment variable " + variable + " is not set");
        }
        return value;
    }
}
