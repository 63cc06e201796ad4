package dev.mcpproxy.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * SigV4-signed calls to an AWS JSON 1.1 API, for operations newer than the SDK this CLI is built with (the SDK BOM
 * 2.40.3 predates Cognito's client secret rotation). Failures read like the SDK's: {@link AwsFailures} translates them.
 */
public final class SignedJsonClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI endpoint;
    private final String signingName;
    private final String targetPrefix;
    private final String region;
    private final AwsCredentialsProvider credentials;

    SignedJsonClient(URI endpoint, String signingName, String targetPrefix, String region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.signingName = signingName;
        this.targetPrefix = targetPrefix;
        this.region = region;
        this.credentials = credentials;
    }

    /** @param action what the call does, for messages, e.g. "adding a client secret (cognito-idp:AddUserPoolClientSecret)" */
    public JsonNode call(String operation, ObjectNode body, String action) {
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        try {
            SdkHttpRequest unsigned = SdkHttpRequest.builder().uri(endpoint).method(SdkHttpMethod.POST)
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .putHeader("X-Amz-Target", targetPrefix + "." + operation)
                    .build();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(credentials.resolveCredentials())
                    .request(unsigned)
                    .payload(ContentStreamProvider.fromByteArray(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
            // The HTTP client sets Host and Content-Length itself (from the URI and body the signature covers).
            signed.request().forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw AwsFailures.translate(action, serviceError(response.statusCode(), answer));
            }
            return answer;
        } catch (SdkException e) {
            throw AwsFailures.translate(action, e);
        } catch (IOException e) {
            throw new CliException(ExitCode.AWS_ERROR, action + " failed: " + endpoint.getHost() + " could not be reached or"
                    + " answered something other than JSON: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.AWS_ERROR, action + " was interrupted", e);
        }
    }

    private AwsServiceException serviceError(int status, JsonNode answer) {
        String type = answer.path("__type").asText("UnknownError");
        String message = answer.path("message").asText(answer.path("Message").asText("no message"));
        return AwsServiceException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(type.substring(type.indexOf('#') + 1))
                        .errorMessage(message).serviceName(signingName).build())
                .build();
    }
}
