package dev.mcpproxy.proxy.upstream.auth;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Builds the {@link UpstreamAuthenticator} for each upstream from its {@link UpstreamAuthConfig}.
 * Secrets are read here, at startup, so a missing secret fails startup with a clear message. One
 * factory (and one Secrets Manager client) serves all upstreams.
 */
public final class UpstreamAuthFactory implements AutoCloseable {
    private final Supplier<HttpClient> http;
    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<AwsCredentialsProvider> awsCredentials;
    private final Supplier<String> defaultRegion;
    private final UnaryOperator<String> environment;
    private final Clock clock;
    private SecretsManagerClient secretsManagerClient;
    private volatile Consumer<String> tokenRefreshed = upstream -> { };

    public UpstreamAuthFactory(HttpClient http, Supplier<SecretsManagerClient> secretsManager,
                               AwsCredentialsProvider awsCredentials, Supplier<String> defaultRegion,
                               UnaryOperator<String> environment, Clock clock) {
        this(() -> http, secretsManager, () -> awsCredentials, defaultRegion, environment, clock);
    }

    private UpstreamAuthFactory(Supplier<HttpClient> http, Supplier<SecretsManagerClient> secretsManager,
                                Supplier<AwsCredentialsProvider> awsCredentials, Supplier<String> defaultRegion,
                                UnaryOperator<String> environment, Clock clock) {
        this.http = http;
        this.secretsManager = secretsManager;
        this.awsCredentials = awsCredentials;
        this.defaultRegion = defaultRegion;
        this.environment = environment;
        this.clock = clock;
    }

    /** Production wiring: the SDK's default credentials and region chains, the process environment. */
    public static UpstreamAuthFactory standard() {
        // Built on first use: most proxies need neither, and both are slow to load (cold start).
        Supplier<AwsCredentialsProvider> credentials = once(() -> DefaultCredentialsProvider.builder().build());
        return new UpstreamAuthFactory(
                once(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()),
                () -> SecretsManagerClient.builder().credentialsProvider(credentials.get())
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                credentials,
                () -> new DefaultAwsRegionProviderChain().getRegion().id(),
                System::getenv,
                Clock.systemUTC());
    }

    /**
     * The authenticator for one upstream.
     *
     * @param upstream the upstream's name (for messages)
     * @param url      the upstream's URL (an AgentCore host gives the SigV4 region)
     */
    public UpstreamAuthenticator create(String upstream, URI url, UpstreamAuthConfig config)
            throws UpstreamAuthException {
        UpstreamAuthenticator primary = switch (config.type()) {
            case NONE, HEADERS -> UpstreamAuthenticator.NONE;
            case SIGV4 -> sigV4(upstream, url, config.sigv4());
            case OAUTH2 -> oauth2(upstream, config.oauth2());
        };
        if (config.headers().isEmpty()) {
            return primary;
        }
        Map<String, StaticHeadersAuthenticator.StaticHeader> headers = new LinkedHashMap<>();
        for (Map.Entry<String, StaticHeaderConfig> header : config.headers().entrySet()) {
            headers.put(header.getKey(), new StaticHeadersAuthenticator.StaticHeader(header.getValue().prefix(),
                    secret(upstream, header.getValue().secret())));
        }
        StaticHeadersAuthenticator statics = new StaticHeadersAuthenticator(headers);
        return primary == UpstreamAuthenticator.NONE ? statics : new LayeredAuthenticator(statics, primary);
    }

    private UpstreamAuthenticator sigV4(String upstream, URI url, SigV4Config config) throws UpstreamAuthException {
        String region = config.region();
        if (region == null) {
            region = AgentCoreUrls.regionOf(url).orElse(null);
        }
        if (region == null) {
            try {
                region = defaultRegion.get();
            } catch (SdkException e) {
                throw new UpstreamAuthException("upstream " + upstream
                        + ": no AWS region for SigV4; set auth.sigv4.region or AWS_REGION", e);
            }
        }
        return new SigV4Authenticator(awsCredentials.get(), config.service(), region, clock);
    }

    private UpstreamAuthenticator oauth2(String upstream, OAuth2Config config) throws UpstreamAuthException {
        SecretSource clientSecret = secret(upstream, config.clientSecret());
        TokenEndpointClient tokenEndpoint = new TokenEndpointClient(upstream, config, clientSecret, http.get(), clock);
        return new OAuth2Authenticator(upstream, tokenEndpoint, Duration.ofSeconds(config.refreshSkewSeconds()),
                clock, refreshedUpstream -> tokenRefreshed.accept(refreshedUpstream));
    }

    private static <T> Supplier<T> once(Supplier<T> create) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = create.get();
                }
                return value;
            }
        };
    }

    /** Told the upstream's name whenever an OAuth2 token is fetched (set once telemetry runs). */
    public void onTokenRefreshed(Consumer<String> listener) {
        this.tokenRefreshed = listener;
    }

    /** Reads the secret once now, so that a missing one fails startup. */
    SecretSource secret(String upstream, SecretRef ref) throws UpstreamAuthException {
        Duration refresh = Duration.ofSeconds(ref.refreshSeconds());
        SecretSource source;
        try {
            if (ref.env() != null) {
                source = new EnvSecretSource(ref.env(), environment);
            } else if (ref.file() != null) {
                source = new FileSecretSource(Path.of(ref.file()), refresh, clock);
            } else {
                source = new SecretsManagerSecretSource(secretsManagerClient(), ref.secretsManager(), ref.jsonKey(),
                        refresh, clock);
            }
            source.value();
            return source;
        } catch (UpstreamAuthException e) {
            throw new UpstreamAuthException("upstream " + upstream + ": secret from " + ref.describe()
                    + " is not available: " + e.getMessage(), e);
        }
    }

    private synchronized SecretsManagerClient secretsManagerClient() throws UpstreamAuthException {
        if (secretsManagerClient == null) {
            try {
                secretsManagerClient = secretsManager.get();
            } catch (SdkException e) {
                throw new UpstreamAuthException("no Secrets Manager client (is AWS_REGION set?): " + e.getMessage(), e);
            }
        }
        return secretsManagerClient;
    }

    @Override
    public synchronized void close() {
        if (secretsManagerClient != null) {
            secretsManagerClient.close();
        }
    }
}
