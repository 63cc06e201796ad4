package dev.mcpproxy.cli.identity;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --client} and {@code --scope}: which app client a token is for, and the least scope it needs. */
public final class CallerOptions {

    @Option(names = "--client", paramLabel = "NAME",
            description = "Act as this app client (a name under cognito.clients in environment.yaml); default: operator.")
    String client;

    @Option(names = "--scope", paramLabel = "SCOPE", split = ",",
            description = "Scope to request, e.g. invoke or admin, or a full scope like mcp-proxy/admin (repeatable;"
                    + " default: invoke, all an MCP call needs).")
    List<String> scopes;

    public Optional<String> client() {
        return Optional.ofNullable(client);
    }

    public List<String> scopes() {
        return scopes == null ? List.of() : List.copyOf(scopes);
    }
}
