package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.ratelimit.BucketConfig;
import dev.mcpproxy.proxy.ratelimit.DynamoDbLocal;
import dev.mcpproxy.proxy.ratelimit.DynamoDbRateLimitStore;
import dev.mcpproxy.proxy.ratelimit.FailMode;
import dev.mcpproxy.proxy.ratelimit.InMemoryRateLimitStore;
import dev.mcpproxy.proxy.ratelimit.KeyDimension;
import dev.mcpproxy.proxy.ratelimit.RateLimitConfig;
import dev.mcpproxy.proxy.ratelimit.RateLimitCounters;
import dev.mcpproxy.proxy.ratelimit.RateLimitStage;
import dev.mcpproxy.proxy.ratelimit.RateLimitStore;
import dev.mcpproxy.proxy.ratelimit.StoreType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Rate-limit decisions per second through {@link RateLimitStage}: the baseline is the same
 * exchange through a stage with no buckets; then one per-principal bucket (never exhausted) in
 * memory and in DynamoDB Local over loopback. Principals are drawn from a pool of 1000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RateLimitBenchmark {
    private static final int PRINCIPALS = 1000;

    @Param({"none", "memory", "dynamodb"})
    public String store;

    private DynamoDbLocal dynamo;
    private RateLimitStore limiter;
    private RateLimitStage stage;
    private Principal[] principals;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<BucketConfig> buckets = store.equals("none") ? List.of() : List.of(new BucketConfig("per-principal",
                List.of(KeyDimension.PRINCIPAL), 1_000_000_000L, 1L, 1_000_000_000L, null, null, null));
        limiter = switch (store) {
            case "dynamodb" -> {
                dynamo = DynamoDbLocal.start();
                yield new DynamoDbRateLimitStore(dynamo.client(), DynamoDbLocal.TABLE, Clock.systemUTC());
            }
            default -> new InMemoryRateLimitStore(Clock.systemUTC());
        };
        stage = new RateLimitStage(new RateLimitConfig(StoreType.MEMORY, null, FailMode.CLOSED, buckets), limiter,
                new RateLimitCounters());
        principals = new Principal[PRINCIPALS];
        for (int i = 0; i < PRINCIPALS; i++) {
            principals[i] = new Principal("user-" + i, "client", Set.of(), Set.of(), Map.of(), false);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        limiter.close();
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @Benchmark
    public Exchange decide() throws GovernanceException {
        Principal principal = principals[ThreadLocalRandom.current().nextInt(PRINCIPALS)];
        Exchange exchange = new Exchange("tools/call", JsonNodeFactory.instance.objectNode(), principal, null, null,
                new AuditEvent()).route("weather", "weather__forecast", "forecast", null);
        stage.onRequest(exchange);
        return exchange;
    }
}
