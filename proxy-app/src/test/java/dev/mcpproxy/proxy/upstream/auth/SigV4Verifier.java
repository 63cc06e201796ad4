package dev.mcpproxy.proxy.upstream.auth;

import dev.mcpproxy.proxy.testing.RecordingHttpServer.Received;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an AWS service does with a signed request: recomputes the signature from the request as
 * received (method, raw path and query, the signed headers, the body) with the caller's secret
 * key, and compares.
 */
final class SigV4Verifier {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Map<String, AwsCredentials> credentialsByAccessKey;
    private final String service;
    private final String region;

    SigV4Verifier(Map<String, AwsCredentials> credentialsByAccessKey, String service, String region) {
        this.credentialsByAccessKey = credentialsByAccessKey;
        this.service = service;
        this.region = region;
    }

    boolean verify(Received request) {
        String authorization = request.headers().get("authorization");
        String amzDate = request.headers().get("x-amz-date");
        if (authorization == null || amzDate == null) {
            return false;
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches() || !m.group(3).equals(region) || !m.group(4).equals(service)) {
            return false;
        }
        AwsCredentials credentials = credentialsByAccessKey.get(m.group(1));
        if (credentials == null) {
            return false;
        }
        String query = request.rawQuery() == null ? "" : "?" + request.rawQuery();
        SdkHttpRequest.Builder rebuilt = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(request.method()))
                .uri(URI.create("http://" + request.headers().get("host") + request.rawPath() + query));
        for (String name : m.group(5).split(";")) {
            String value = request.headers().get(name);
            if (value == null) {
                return false;
            }
            rebuilt.putHeader(name, value);
        }
        Clock signedAt = Clock.fixed(LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        String expected = AwsV4HttpSigner.create().sign(r -> r
                        .identity(credentials)
                        .request(rebuilt.build())
                        .payload(ContentStreamProvider.fromByteArrayUnsafe(request.body()))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signedAt))
                .request().firstMatchingHeader("Authorization").orElse("");
        return expected.equals(authorization);
    }
}
