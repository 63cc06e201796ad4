package dev.mcpproxy.proxy.upstream.auth;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signs each request with AWS Signature V4 over the exact body that is sent. Credentials come
 * from a provider (the SDK's default chain in production), resolved per request so rotated role
 * credentials are used as soon as the provider has them.
 */
public final class SigV4Authenticator implements UpstreamAuthenticator {
    /** Set by the HTTP client itself; the signature does not need them. */
    private static final List<String> UNSIGNED = List.of("content-length", "connection", "user-agent", "expect");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String service;
    private final String region;
    private final Clock clock;

    public SigV4Authenticator(AwsCredentialsProvider credentials, String service, String region, Clock clock) {
        this.credentials = credentials;
        this.service = service;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body)
            throws UpstreamAuthException {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach((name, value) -> {
            if (!UNSIGNED.contains(name.toLowerCase(Locale.ROOT))) {
                request.putHeader(name, value);
            }
        });
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new UpstreamAuthException("AWS credentials for SigV4 are not available: " + e.getMessage(), e);
        }
        SignedRequest signed = signer.sign(r -> r
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> added = new HashMap<>();
        signed.request().forEachHeader((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            // The HTTP client derives Host from the URI; it refuses to set it explicitly.
            if (!lower.equals("host") && !headers.containsKey(lower)) {
                added.put(lower, values.getFirst());
            }
        });
        return added;
    }
}
