package dev.mcpproxy.proxy;

import dev.mcpproxy.proxy.audit.AuditConfig;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.pii.PiiConfig;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.validation.ValidationConfig;
import dev.mcpproxy.proxy.identity.IdentityConfig;
import dev.mcpproxy.proxy.ratelimit.RateLimitConfig;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.telemetry.TelemetryConfig;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The root of the YAML configuration. Each section is owned by its capability's package; a
 * section that is absent takes its defaults, except {@code identity}: a configuration file must
 * say whether callers are authenticated (the command-line quick path runs without).
 */
public record ProxyConfig(ServerConfig server, List<UpstreamConfig> upstreams, FederationConfig federation,
                          LoggingConfig logging, IdentityConfig identity, PolicyConfig policy,
                          ValidationConfig validation, AuditConfig audit, PiiConfig pii, RateLimitConfig rateLimits,
                          TelemetryConfig telemetry) {

    /** The quick path: no file, anonymous callers, every governance section at its defaults. */
    public static final ProxyConfig DEFAULTS = new ProxyConfig(null, null, null, null);

    public ProxyConfig {
        server = server == null ? ServerConfig.DEFAULTS : server;
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        federation = federation == null ? FederationConfig.defaults() : federation;
        logging = logging == null ? LoggingConfig.DEFAULTS : logging;
        policy = policy == null ? PolicyConfig.DISABLED : policy;
        validation = validation == null ? ValidationConfig.DEFAULTS : validation;
        audit = audit == null ? AuditConfig.DEFAULTS : audit;
        pii = pii == null ? PiiConfig.defaults() : pii;
        rateLimits = rateLimits == null ? RateLimitConfig.NONE : rateLimits;
        telemetry = telemetry == null ? TelemetryConfig.DEFAULTS : telemetry;
    }

    /** The transport sections only, with anonymous callers (embedding and tests). */
    public ProxyConfig(ServerConfig server, List<UpstreamConfig> upstreams, FederationConfig federation,
                       LoggingConfig logging) {
        this(server, upstreams, federation, logging, IdentityConfig.NONE, null, null, null, null, null, null);
    }

    public ProxyConfig withServer(ServerConfig newServer) {
        return new ProxyConfig(newServer, upstreams, federation, logging, identity, policy, validation, audit, pii,
                rateLimits, telemetry);
    }

    public ProxyConfig withUpstreams(List<UpstreamConfig> extra) {
        List<UpstreamConfig> all = new ArrayList<>(upstreams);
        all.addAll(extra);
        return new ProxyConfig(server, all, federation, logging, identity, policy, validation, audit, pii, rateLimits,
                telemetry);
    }

    public ProxyConfig withPolicy(PolicyConfig newPolicy) {
        return new ProxyConfig(server, upstreams, federation, logging, identity, newPolicy, validation, audit, pii,
                rateLimits, telemetry);
    }

    /** Throws {@link ConfigException} listing every problem, each with its full key. */
    public ProxyConfig validate() {
        ConfigProblems problems = new ConfigProblems();
        server.validate("server", problems);
        UpstreamConfig.validateAll("upstreams", upstreams, problems);
        federation.validate("federation", problems);
        logging.validate("logging", problems);
        if (problems.check(identity != null, "identity.mode", "must be set explicitly: jwt, or none for local runs")) {
            identity.validate("identity", problems);
        }
        policy.validate("policy", problems);
        validation.validate("validation", problems);
        audit.validate("audit", problems);
        pii.validate("pii", problems);
        if (identity != null) {
            // A role no mapping confers is never held: detokenizing by it would be dead configuration.
            pii.detokenize().roles().forEach(role -> problems.check(identity.roles().containsKey(role),
                    "pii.detokenize.roles", "'" + role + "' is not a role of identity.roles " + identity.roles().keySet()));
        }
        rateLimits.validate("rateLimits", problems);
        telemetry.validate("telemetry", problems);
        problems.throwIfAny();
        return this;
    }
}
