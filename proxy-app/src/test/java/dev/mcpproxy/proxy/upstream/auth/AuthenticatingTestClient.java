package dev.mcpproxy.proxy.upstream.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends a JSON-RPC POST the way the upstream connection does: authenticator applied last over the
 * final body, and on 401 one retry when the authenticator has fresh credentials.
 */
final class AuthenticatingTestClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final UpstreamAuthenticator authenticator;

    AuthenticatingTestClient(UpstreamAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    HttpResponse<String> post(URI uri, String body) throws Exception {
        HttpResponse<String> response = send(uri, body, body);
        if (response.statusCode() == 401 && authenticator.credentialsRejected()) {
            response = send(uri, body, body);
        }
        return response;
    }

    /** Signs {@code signedBody} but sends {@code sentBody}: what a change after signing would do. */
    HttpResponse<String> send(URI uri, String signedBody, String sentBody) throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("accept", "application/json, text/event-stream");
        headers.putAll(authenticator.headers("POST", uri, Map.copyOf(headers),
                signedBody.getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(sentBody));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
