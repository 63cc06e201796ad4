package dev.mcpproxy.proxy.ratelimit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits a request only when every bucket it matches has a token. A denial becomes JSON-RPC error
 * {@link JsonRpcErrors#RATE_LIMITED} with {@code data.retryAfterMs} and {@code data.limit}, and the
 * audit facts {@code rateLimit} (bucket name) and {@code rateLimitRetryAfterMs}. When the store
 * cannot decide, the fail mode decides; the first failure and the recovery are logged, every
 * failure is counted.
 */
public final class RateLimitStage implements GovernanceStage {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitStage.class);
    /** How soon a client may retry when the store is down and the mode is closed. */
    static final long STORE_DOWN_RETRY_AFTER_MS = 1000;

    private final List<BucketRule> rules;
    private final RateLimitStore store;
    private final FailMode failMode;
    private final RateLimitCounters counters;
    private final AtomicBoolean storeFailing = new AtomicBoolean();

    public RateLimitStage(RateLimitConfig config, RateLimitStore store, RateLimitCounters counters) {
        this.rules = config.buckets().stream().map(BucketRule::new).toList();
        this.store = store;
        this.failMode = config.failMode();
        this.counters = counters;
    }

    @Override
    public String name() {
        return "rateLimit";
    }

    @Override
    public void onRequest(Exchange exchange) throws GovernanceException {
        for (BucketRule rule : rules) {
            if (rule.matches(exchange)) {
                check(rule, exchange);
            }
        }
    }

    private void check(BucketRule rule, Exchange exchange) throws GovernanceException {
        Decision decision;
        try {
            decision = store.tryConsume(rule.key(exchange), rule.limit());
            if (storeFailing.compareAndSet(true, false)) {
                LOG.info("Rate-limit store recovered");
            }
        } catch (RateLimitStoreException e) {
            counters.storeFailure(failMode);
            if (storeFailing.compareAndSet(false, true)) {
                LOG.warn("Rate-limit store unavailable, failing {}: {}", failMode.name().toLowerCase(Locale.ROOT),
                        e.getMessage());
            }
            exchange.audit().put(AuditFields.RATE_LIMIT_STORE_UNAVAILABLE, true);
            if (failMode == FailMode.OPEN) {
                return;
            }
            throw rejection(rule, STORE_DOWN_RETRY_AFTER_MS, "Rate limit '" + rule.name()
                    + "' cannot be checked right now; retry later", exchange);
        }
        if (decision.allowed()) {
            counters.allowed();
            return;
        }
        counters.denied();
        throw rejection(rule, decision.retryAfterMs(), "Rate limit '" + rule.name() + "' exceeded; retry in "
                + decision.retryAfterMs() + " ms", exchange);
    }

    private static GovernanceException rejection(BucketRule rule, long retryAfterMs, String message,
                                                 Exchange exchange) {
        exchange.audit().put(AuditFields.RATE_LIMIT, rule.name()).put(AuditFields.RATE_LIMIT_RETRY_AFTER_MS, retryAfterMs);
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("retryAfterMs", retryAfterMs)
                .put("limit", rule.name());
        return new GovernanceException(JsonRpcErrors.RATE_LIMITED, message, data);
    }
}
