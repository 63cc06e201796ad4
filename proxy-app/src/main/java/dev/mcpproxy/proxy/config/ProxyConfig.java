package dev.mcpproxy.proxy.config;

import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.telemetry.TelemetryConfig;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The root of the YAML configuration. Each section is owned by its capability's package; a
 * section that is absent takes its defaults.
 */
public record ProxyConfig(ServerConfig server, List<UpstreamConfig> upstreams, FederationConfig federation,
                          LoggingConfig logging, TelemetryConfig telemetry) {

    public static final ProxyConfig DEFAULTS = new ProxyConfig(null, null, null, null, null);

    public ProxyConfig {
        server = server == null ? ServerConfig.DEFAULTS : server;
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        federation = federation == null ? FederationConfig.defaults() : federation;
        logging = logging == null ? LoggingConfig.DEFAULTS : logging;
        telemetry = telemetry == null ? TelemetryConfig.DEFAULTS : telemetry;
    }

    public ProxyConfig withServer(ServerConfig newServer) {
        return new ProxyConfig(newServer, upstreams, federation, logging, telemetry);
    }

    public ProxyConfig withUpstreams(List<UpstreamConfig> extra) {
        List<UpstreamConfig> all = new ArrayList<>(upstreams);
        all.addAll(extra);
        return new ProxyConfig(server, all, federation, logging, telemetry);
    }

    /** Throws {@link ConfigException} listing every problem, each with its full key. */
    public ProxyConfig validate() {
        ConfigProblems problems = new ConfigProblems();
        server.validate("server", problems);
        UpstreamConfig.validateAll("upstreams", upstreams, problems);
        federation.validate("federation", problems);
        logging.validate("logging", problems);
        telemetry.validate("telemetry", problems);
        problems.throwIfAny();
        return this;
    }
}
