package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Performs the client-credentials grant against one token endpoint (found through discovery when
 * configured), retrying 5xx answers and I/O failures with exponential backoff and jitter.
 */
final class TokenEndpointClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_EXPIRES_IN_SECONDS = 300;
    private static final long BASE_BACKOFF_MS = 100;
    /** Plain-HTTP endpoints often mishandle the h2c upgrade; a token request gains nothing from HTTP/2. */
    private static final HttpClient.Version HTTP_1_1 = HttpClient.Version.HTTP_1_1;

    private final String upstream;
    private final OAuth2Config config;
    private final SecretSource clientSecret;
    private final HttpClient http;
    private final Clock clock;
    private volatile URI tokenEndpoint;

    TokenEndpointClient(String upstream, OAuth2Config config, SecretSource clientSecret, HttpClient http, Clock clock) {
        this.upstream = upstream;
        this.config = config;
        this.clientSecret = clientSecret;
        this.http = http;
        this.clock = clock;
        this.tokenEndpoint = config.tokenUrl() == null ? null : URI.create(config.tokenUrl());
    }

    /** The token endpoint as configured or discovered (for error messages); discovery URL until known. */
    String endpointDescription() {
        URI known = tokenEndpoint;
        return known != null ? known.toString() : config.discoveryUrl();
    }

    AccessToken fetch() throws UpstreamAuthException {
        URI endpoint = tokenEndpoint();
        HttpRequest request = tokenRequest(endpoint);
        HttpResponse<String> response = sendWithRetries(request, endpoint);
        if (response.statusCode() == 401 || "invalid_client".equals(errorCode(response.body()))) {
            // Perhaps the secret was rotated: read it again for the next attempt.
            clientSecret.invalidate();
        }
        if (response.statusCode() != 200) {
            String error = errorCode(response.body());
            throw failure("answered HTTP " + response.statusCode() + (error == null ? "" : " (" + error + ")"), null);
        }
        return parse(response.body());
    }

    private URI tokenEndpoint() throws UpstreamAuthException {
        URI known = tokenEndpoint;
        if (known != null) {
            return known;
        }
        URI discovery = URI.create(config.discoveryUrl());
        HttpResponse<String> response = sendWithRetries(HttpRequest.newBuilder(discovery).version(HTTP_1_1)
                .timeout(Duration.ofMillis(config.timeoutMs())).header("Accept", "application/json").GET().build(),
                discovery);
        if (response.statusCode() != 200) {
            throw failure("discovery document answered HTTP " + response.statusCode(), null);
        }
        try {
            String endpoint = JSON.readTree(response.body()).path("token_endpoint").asText("");
            if (!OAuth2Config.isHttpUrl(endpoint)) {
                throw failure("discovery document has no usable token_endpoint", null);
            }
            tokenEndpoint = URI.create(endpoint);
            return tokenEndpoint;
        } catch (IOException e) {
            throw failure("discovery document is not JSON", e);
        }
    }

    private HttpRequest tokenRequest(URI endpoint) throws UpstreamAuthException {
        String secret = clientSecret.value();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (!config.scopes().isEmpty()) {
            form.put("scope", String.join(" ", config.scopes()));
        }
        if (config.resource() != null) {
            form.put("resource", config.resource());
        }
        if (config.audience() != null) {
            form.put("audience", config.audience());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).version(HTTP_1_1)
                .timeout(Duration.ofMillis(config.timeoutMs()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (config.clientAuth() == ClientAuthMethod.BASIC) {
            String pair = encode(config.clientId()) + ":" + encode(secret);
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", config.clientId());
            form.put("client_secret", secret);
        }
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return request.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> sendWithRetries(HttpRequest request, URI endpoint) throws UpstreamAuthException {
        String lastProblem = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            if (attempt > 1) {
                backoff(attempt);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    return response;
                }
                lastProblem = "answered HTTP " + response.statusCode();
            } catch (IOException e) {
                lastProblem = "unreachable (" + e.getClass().getSimpleName() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted", e);
            }
        }
        throw new UpstreamAuthException("upstream " + upstream + ": token endpoint " + endpoint + " " + lastProblem
                + " after " + config.maxAttempts() + " attempt(s)");
    }

    private void backoff(int attempt) throws UpstreamAuthException {
        long ceiling = BASE_BACKOFF_MS << (attempt - 2);
        try {
            Thread.sleep(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted", e);
        }
    }

    private AccessToken parse(String body) throws UpstreamAuthException {
        try {
            JsonNode json = JSON.readTree(body);
            String token = json.path("access_token").asText("");
            if (token.isEmpty()) {
                throw failure("answered without an access_token", null);
            }
            long expiresIn = json.path("expires_in").asLong(DEFAULT_EXPIRES_IN_SECONDS);
            Instant now = clock.instant();
            return new AccessToken(token, now.plusSeconds(expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_SECONDS));
        } catch (IOException e) {
            throw failure("answered with a body that is not JSON", e);
        }
    }

    /** The OAuth {@code error} code of an error answer (never its description, which may echo input). */
    private static String errorCode(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isTextual() && error.asText().matches("[a-z_]{1,64}") ? error.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private UpstreamAuthException failure(String problem, Throwable cause) {
        return new UpstreamAuthException("upstream " + upstream + ": token endpoint " + endpointDescription() + " "
                + problem, cause);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
