package dev.mcpproxy.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** OAuth 2.0 client credentials against Cognito's token endpoint (HTTP Basic client auth). */
public final class CognitoTokenClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;

    public CognitoTokenClient(HttpClient http) {
        this.http = http;
    }

    /**
     * @param scopes the scopes to request (space-separated in the form, as RFC 6749 has it)
     * @return the access token; neither it nor the secret ever appears in a message
     */
    public String accessToken(URI tokenUrl, String clientId, String clientSecret, List<String> scopes) {
        String basic = Base64.getEncoder().encodeToString(
                (clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(String.join(" ", scopes), StandardCharsets.UTF_8)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new CliException(ExitCode.MCP_ERROR,
                        "the Cognito token endpoint " + tokenUrl.getHost() + " refused the client credentials: HTTP "
                                + response.statusCode() + " " + errorCode(response.body()) + " for client " + clientId
                                + " with scope " + String.join(" ", scopes));
            }
            JsonNode token = JSON.readTree(response.body()).path("access_token");
            if (!token.isTextual()) {
                throw new CliException(ExitCode.MCP_ERROR, "the Cognito token endpoint answered without an access_token");
            }
            return token.asText();
        } catch (IOException e) {
            throw new CliException(ExitCode.MCP_ERROR, "could not reach the Cognito token endpoint "
                    + tokenUrl.getHost() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.MCP_ERROR, "interrupted", e);
        }
    }

    /** Only the OAuth error code: the body could echo request details. */
    private static String errorCode(String body) {
        try {
            return "(" + JSON.readTree(body).path("error").asText("no error code") + ")";
        } catch (IOException e) {
            return "";
        }
    }
}
