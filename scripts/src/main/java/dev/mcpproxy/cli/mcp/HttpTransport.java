package dev.mcpproxy.cli.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain HTTP(S) POSTs, with {@code Authorization: Bearer} when a token is given: the only way to
 * call a runtime with a JWT authorizer, and the way to call a proxy running on this machine.
 */
public final class HttpTransport implements McpTransport {

    private final HttpClient http;
    private final URI endpoint;
    private final Optional<String> accessToken;

    public HttpTransport(HttpClient http, URI endpoint, Optional<String> accessToken) {
        this.http = http;
        this.endpoint = endpoint;
        this.accessToken = accessToken;
    }

    @Override
    public McpReply post(ObjectNode message, Optional<String> sessionId, Optional<String> protocolVersion) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString()));
        accessToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        sessionId.ifPresent(id -> request.header("Mcp-Session-Id", id));
        protocolVersion.ifPresent(version -> request.header("MCP-Protocol-Version", version));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new McpReply(response.statusCode(), response.headers().firstValue("Mcp-Session-Id"),
                    response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (IOException e) {
            throw new CliException(ExitCode.MCP_ERROR, "could not reach " + endpoint.getHost() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.MCP_ERROR, "interrupted", e);
        }
    }
}
