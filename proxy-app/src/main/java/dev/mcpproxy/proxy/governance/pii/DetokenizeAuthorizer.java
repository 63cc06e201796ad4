package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.identity.Principal;

/**
 * Decides whether the caller of an exchange gets raw values back. The configured lists are one
 * source; a policy engine (a Cedar action such as {@code Detokenize}) plugs in as another via
 * {@link #or(DetokenizeAuthorizer)}.
 */
@FunctionalInterface
public interface DetokenizeAuthorizer {

    DetokenizeAuthorizer NOBODY = exchange -> false;

    boolean mayDetokenize(Exchange exchange);

    default DetokenizeAuthorizer or(DetokenizeAuthorizer other) {
        return exchange -> mayDetokenize(exchange) || other.mayDetokenize(exchange);
    }

    /** Grants by the {@code pii.detokenize} lists. */
    static DetokenizeAuthorizer fromConfig(PiiDetokenizeConfig config) {
        if (config.everyone()) {
            return exchange -> true;
        }
        return exchange -> {
            Principal principal = exchange.principal();
            if (principal == null || principal.anonymous()) {
                return false;
            }
            return config.groups().stream().anyMatch(principal.groups()::contains)
                    || config.scopes().stream().anyMatch(principal.scopes()::contains)
                    || (principal.clientId() != null && config.clientIds().contains(principal.clientId()))
                    || config.roles().stream().anyMatch(principal.roles()::contains);
        };
    }
}
