package dev.mcpproxy.proxy.ratelimit;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Builds the configured store. */
public final class RateLimitStores {
    private RateLimitStores() {
    }

    public static RateLimitStore create(RateLimitConfig config) {
        return create(config, System::getenv, Clock.systemUTC());
    }

    static RateLimitStore create(RateLimitConfig config, UnaryOperator<String> environment, Clock clock) {
        if (config.store() == StoreType.MEMORY) {
            return new InMemoryRateLimitStore(clock);
        }
        DynamoDbStoreConfig dynamo = config.dynamodb();
        // Short timeouts: a slow store must not hold requests; the fail mode takes over instead.
        DynamoDbClientBuilder client = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(2)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(3)));
        if (dynamo.region() != null) {
            client.region(Region.of(dynamo.region()));
        }
        if (dynamo.endpoint() != null) {
            client.endpointOverride(URI.create(dynamo.endpoint()));
        }
        return new DynamoDbRateLimitStore(client.build(), dynamo.tableOr(environment), clock);
    }
}
