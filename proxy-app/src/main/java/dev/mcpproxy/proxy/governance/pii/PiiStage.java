package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.jsonrpc.JsonSize;

import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.Set;

/**
 * Protects personal data in tool calls: on the way in, detected values in {@code tools/call}
 * arguments are tokenized, redacted, blocked or allowed per detector and tool; on the way out,
 * tokens in results are restored for callers allowed to see personal data. The audit event's
 * {@code pii} field counts detections by type, tokens minted and tokens restored.
 */
public final class PiiStage implements GovernanceStage {
    /** Methods whose results can carry tokens back: tool results, resource contents, prompt messages. */
    private static final Set<String> RESTORED_METHODS = Set.of("tools/call", "resources/read", "prompts/get");
    private static final Object TALLY = PiiTally.class;

    private final ArgumentProtector protector;
    private final ResultRestorer restorer;
    private final PiiRules rules;
    private final DetokenizeAuthorizer authorizer;
    private final long maxTokenizedBytes;

    /**
     * @param config     validated {@code pii} section
     * @param tokenizer  tokenizer over the loaded keyset
     * @param authorizer who gets raw values back
     */
    public PiiStage(PiiConfig config, PiiTokenizer tokenizer, DetokenizeAuthorizer authorizer) {
        this.protector = new ArgumentProtector(PiiScanner.of(config), tokenizer);
        this.restorer = new ResultRestorer(tokenizer);
        this.rules = new PiiRules(config);
        this.authorizer = authorizer;
        this.maxTokenizedBytes = config.maxTokenizedBytes();
    }

    /**
     * The stage as configured, or empty when {@code pii.enabled} is false: keyset loaded from its
     * source, detokenization granted by the configured lists or by {@code policy} (pass
     * {@link DetokenizeAuthorizer#NOBODY} for none).
     *
     * @throws dev.mcpproxy.proxy.config.ConfigException the keyset cannot be loaded
     */
    public static Optional<PiiStage> create(PiiConfig config, DetokenizeAuthorizer policy) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        try {
            PiiTokenizer tokenizer = new PiiTokenizer(new PiiKeysetLoader().load(config.keyset()));
            return Optional.of(new PiiStage(config, tokenizer, DetokenizeAuthorizer.fromConfig(config.detokenize()).or(policy)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The pii keyset holds no deterministic AEAD key", e);
        }
    }

    @Override
    public String name() {
        return "pii";
    }

    @Override
    public void onRequest(Exchange exchange) throws GovernanceException {
        if (!"tools/call".equals(exchange.method()) || exchange.params() == null) {
            return;
        }
        JsonNode arguments = exchange.params().get("arguments");
        if (!(arguments instanceof ObjectNode object)) {
            return;
        }
        PiiTally tally = tally(exchange);
        try {
            protector.protect(object, rules.forTool(exchange.target()), tally);
        } finally {
            report(exchange, tally);
        }
        if (tally.tokenizedAny() && JsonSize.of(object) > maxTokenizedBytes) {
            throw new GovernanceException(JsonRpcErrors.INVALID_PARAMS,
                    "Arguments exceed pii.maxTokenizedBytes (" + maxTokenizedBytes + " bytes) after tokenization");
        }
    }

    @Override
    public void onResult(Exchange exchange, ObjectNode result) {
        if (!RESTORED_METHODS.contains(exchange.method()) || !authorizer.mayDetokenize(exchange)) {
            return;
        }
        PiiTally tally = tally(exchange);
        restorer.restore(result, tally);
        report(exchange, tally);
    }

    private static PiiTally tally(Exchange exchange) {
        PiiTally tally = exchange.attribute(TALLY);
        if (tally == null) {
            tally = new PiiTally();
            exchange.attribute(TALLY, tally);
        }
        return tally;
    }

    private static void report(Exchange exchange, PiiTally tally) {
        if (!tally.isEmpty()) {
            exchange.audit().put("pii", tally.toAudit());
        }
    }
}
