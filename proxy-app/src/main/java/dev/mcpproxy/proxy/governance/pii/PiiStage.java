package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.jsonrpc.JsonSize;
import dev.mcpproxy.proxy.governance.RelayGuard;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.telemetry.InboundCall;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Protects personal data on every path that carries it. Data a client sends (tool, prompt and
 * completion arguments, resource URIs, answers to sampling and elicitation) is tokenized,
 * redacted, blocked or allowed per detector, path and item before an upstream sees it; tokens in
 * it reach the upstream as values only for callers who may see personal data. Data an upstream
 * sends (results, its sampling and elicitation requests, log messages) is tokenized, redacted or
 * left in clear per caller, and tokens in it are restored for callers who may see personal data.
 * The audit event's {@code pii} field counts detections by type and direction, tokens minted and
 * tokens restored.
 */
public final class PiiStage implements GovernanceStage, RelayGuard {
    /** Methods whose results can carry tokens back: tool results, resource contents, prompt messages, completions. */
    private static final Set<String> RESTORED_METHODS = Set.of("tools/call", "resources/read", "prompts/get",
            "completion/complete");
    private static final Object TALLY = PiiTally.class;
    private static final Object REVEALING = DetokenizeAuthorizer.class;

    private final ArgumentProtector protector;
    private final UriProtector uris;
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
        PiiScanner scanner = PiiScanner.of(config);
        this.protector = new ArgumentProtector(scanner, tokenizer);
        this.uris = new UriProtector(protector, scanner);
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
        ObjectNode params = exchange.params();
        if (params == null) {
            return;
        }
        PiiTally tally = tally(exchange);
        try {
            ToolRules pathRules = rules.inbound(PiiPaths.ruledAs(exchange.method()), exchange.target());
            if (pathRules != null) {
                protectRequest(exchange, params, pathRules, tally);
            }
            protectInputResponses(exchange, params, tally);
        } finally {
            report(exchange, tally);
        }
        if (tally.tokenizedAny() && JsonSize.of(params) > maxTokenizedBytes) {
            throw new GovernanceException(JsonRpcErrors.INVALID_PARAMS,
                    "Arguments exceed pii.maxTokenizedBytes (" + maxTokenizedBytes + " bytes) after tokenization");
        }
    }

    private void protectRequest(Exchange exchange, ObjectNode params, ToolRules pathRules, PiiTally tally)
            throws GovernanceException {
        switch (exchange.method()) {
            case PiiPaths.TOOLS_CALL, PiiPaths.PROMPTS_GET -> {
                if (params.get("arguments") instanceof ObjectNode arguments) {
                    protector.protect(arguments, pathRules, inbound("argument", false, exchange, tally));
                }
            }
            case PiiPaths.COMPLETE -> {
                if (params.get("argument") instanceof ObjectNode argument) {
                    protector.protect(argument, pathRules, inbound("completion argument", false, exchange, tally));
                }
                if (params.get("context") instanceof ObjectNode context) {
                    protector.protect(context, pathRules, inbound("completion context", false, exchange, tally));
                }
            }
            case PiiPaths.RESOURCES_READ, PiiPaths.RESOURCES_SUBSCRIBE, PiiPaths.RESOURCES_UNSUBSCRIBE -> {
                JsonNode uri = params.get("uri");
                if (uri != null && uri.isTextual()) {
                    protectUri(exchange, params, uri.textValue(), pathRules, tally);
                }
            }
            default -> {
                // No other method carries client data the stage knows how to scan.
            }
        }
    }

    /**
     * The URI is the exchange's target, which the audit event and the request's span name: they
     * show a form without values. That is the protected URI when every value found was replaced by
     * a token; the URI as sent when the only change was tokens turned back into values for the
     * upstream; otherwise (a value let through, or both) only its scheme.
     */
    private void protectUri(Exchange exchange, ObjectNode params, String sent, ToolRules pathRules, PiiTally tally)
            throws GovernanceException {
        int detected = tally.detections();
        int allowed = tally.allowed();
        int detokenized = tally.detokenizedCount();
        String protectedUri;
        try {
            protectedUri = uris.protect(sent, pathRules, inbound("the URI", false, exchange, tally));
        } catch (GovernanceException e) {
            shown(exchange, Exchange.withheld(sent));
            throw e;
        }
        if (protectedUri != sent) {
            params.put("uri", protectedUri);
            exchange.route(exchange.upstream(), protectedUri, protectedUri, exchange.descriptor());
        }
        boolean valuesLetThrough = tally.allowed() > allowed;
        boolean valuesRestored = tally.detokenizedCount() > detokenized;
        boolean valuesFound = tally.detections() > detected;
        if (valuesLetThrough || (valuesRestored && valuesFound)) {
            shown(exchange, Exchange.withheld(sent));
        } else {
            shown(exchange, valuesRestored ? sent : protectedUri);
        }
    }

    private static void shown(Exchange exchange, String target) {
        exchange.showTargetAs(target);
        exchange.audit().put(AuditFields.TARGET, target);
        InboundCall.current().governs(target, exchange.upstream(), exchange.facts());
    }

    @Override
    public boolean guardsResourceUris() {
        return true;
    }

    /** 2026-07-28 requests carry the client's answers to an earlier result's input requests. */
    private void protectInputResponses(Exchange exchange, ObjectNode params, PiiTally tally) throws GovernanceException {
        if (!(params.get("inputResponses") instanceof ObjectNode responses)) {
            return;
        }
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
            ToolRules answerRules = rules.inbound(PiiPaths.answered(response.getValue()), null);
            if (answerRules != null) {
                protector.protect(response.getValue(), answerRules, inbound("input response", true, exchange, tally));
            }
        }
    }

    @Override
    public void onResult(Exchange exchange, ObjectNode result) {
        boolean revealing = revealing(exchange);
        PiiTally tally = tally(exchange);
        if (revealing && RESTORED_METHODS.contains(exchange.method())) {
            restorer.restore(result, tally);
        }
        protectOutbound(exchange.method(), exchange.target(), revealing, result, tally);
        report(exchange, tally);
    }

    @Override
    public void onServerMessage(Exchange exchange, ObjectNode message) {
        if (!(message.get("params") instanceof ObjectNode params)) {
            return;
        }
        boolean revealing = revealing(exchange);
        PiiTally tally = tally(exchange);
        if (revealing) {
            restorer.restore(params, tally);
        }
        protectOutbound(message.path("method").asText(), null, revealing, params, tally);
        report(exchange, tally);
    }

    /** Personal data the upstream sent, as this caller may see it. */
    private void protectOutbound(String method, String item, boolean revealing, ObjectNode data, PiiTally tally) {
        ToolRules outRules = rules.outbound(method, item, revealing);
        if (outRules == null || outRules.leavesAll()) {
            return;
        }
        try {
            protector.protect(data, outRules, new ArgumentProtector.Pass("result", tally.result(), null, true));
        } catch (GovernanceException e) {
            throw new IllegalStateException("Upstream data has no block action", e);
        }
    }

    @Override
    public Exchange onClientAnswer(Principal principal, String sessionId, ObjectNode response) {
        JsonNode result = response.get("result");
        String method = PiiPaths.answered(result);
        ToolRules answerRules = method == null ? null : rules.inbound(method, null);
        if (answerRules == null) {
            return null;
        }
        Exchange exchange = new Exchange(method, (ObjectNode) result, principal, sessionId, response.get("id"),
                new AuditEvent());
        PiiTally tally = tally(exchange);
        try {
            protector.protect(result, answerRules, inbound("answer", true, exchange, tally));
        } catch (GovernanceException e) {
            // The upstream gets a refusal in place of an answer it may not see.
            response.remove("result");
            ObjectNode error = response.putObject("error").put("code", e.code()).put("message", e.getMessage());
            if (e.data() != null) {
                error.set("data", e.data());
            }
        }
        report(exchange, tally);
        return exchange;
    }

    /**
     * A walk over data the caller sent: its tokens become values only for a caller who may see them.
     *
     * @param message a whole message (an answer), which may carry binary payloads, rather than arguments
     */
    private ArgumentProtector.Pass inbound(String place, boolean message, Exchange exchange, PiiTally tally) {
        return new ArgumentProtector.Pass(place, tally, revealing(exchange) ? tally.detokenized() : null, message);
    }

    /** Whether the exchange's caller may see personal data; asked once per exchange. */
    private boolean revealing(Exchange exchange) {
        Boolean revealing = exchange.attribute(REVEALING);
        if (revealing == null) {
            revealing = authorizer.mayDetokenize(exchange);
            exchange.attribute(REVEALING, revealing);
        }
        return revealing;
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
            exchange.audit().put(AuditFields.PII, tally.toAudit());
            exchange.facts().piiDetected(tally.detectedByType(), tally.resultDetectedByType());
        }
    }
}
