package dev.mcpproxy.proxy.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the issuer and JWKS location from an OIDC discovery document, once at startup. */
record OidcDiscovery(String issuer, String jwksUri) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static OidcDiscovery fetch(String discoveryUrl) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(discoveryUrl))
                    .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("OIDC discovery at " + discoveryUrl + " answered HTTP "
                        + response.statusCode());
            }
            JsonNode document = JSON.readTree(response.body());
            String issuer = document.path("issuer").asText(null);
            String jwksUri = document.path("jwks_uri").asText(null);
            if (issuer == null || jwksUri == null) {
                throw new IllegalStateException("OIDC discovery document at " + discoveryUrl
                        + " lacks issuer or jwks_uri");
            }
            return new OidcDiscovery(issuer, jwksUri);
        } catch (IOException e) {
            throw new IllegalStateException("OIDC discovery at " + discoveryUrl + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during OIDC discovery", e);
        }
    }
}
