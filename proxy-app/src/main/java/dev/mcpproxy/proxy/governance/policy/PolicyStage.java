package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceStage;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cedar authorization: decides whether the principal may call a tool, read a resource or get a
 * prompt, and removes from every listing what the principal may not see. Using an item needs both
 * its list action and its use action, so a hidden tool called by name is denied the same way.
 * In shadow mode decisions are audited as {@code shadow-deny} but not enforced.
 */
public final class PolicyStage implements GovernanceStage {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStage.class);

    private final PolicyAuthorizer authorizer;
    private final PolicyConfig.Mode mode;
    private final boolean exposePolicyIds;
    private final ItemOrigins origins;
    private final Clock clock;

    PolicyStage(PolicyAuthorizer authorizer, PolicyConfig config, ItemOrigins origins, Clock clock) {
        this.authorizer = authorizer;
        this.mode = config.mode();
        this.exposePolicyIds = config.exposePolicyIds();
        this.origins = origins;
        this.clock = clock;
    }

    /**
     * Loads and validates the policies; an invalid file throws
     * {@link dev.mcpproxy.proxy.config.ConfigException} naming file and line.
     *
     * @return the stage, or null when policies are disabled
     */
    public static PolicyStage create(PolicyConfig config, ItemOrigins origins) {
        return create(config, origins, Clock.systemUTC());
    }

    static PolicyStage create(PolicyConfig config, ItemOrigins origins, Clock clock) {
        if (!config.enabled()) {
            return null;
        }
        ConfigProblems problems = new ConfigProblems();
        config.validate("policy", problems);
        CedarPolicyLoader.Loaded loaded = problems.isEmpty() ? CedarPolicyLoader.load(config, "policy", problems) : null;
        problems.throwIfAny();
        LOG.info("Cedar policies loaded: {} policies, mode {}, decision cache {}", loaded.policies().getNumPolicies(),
                config.mode(), config.decisionCacheSize());
        return new PolicyStage(new CedarAuthorizer(loaded.policies(), config.decisionCacheSize()), config, origins, clock);
    }

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public void onRequest(Exchange exchange) throws GovernanceException {
        Kind kind = Kind.ofUse(exchange.method(), exchange.params());
        if (kind == null || exchange.target() == null) {
            return;
        }
        String upstream = exchange.upstream() == null ? "" : exchange.upstream();
        String target = exchange.target();
        String upstreamName = exchange.upstreamTarget() == null ? target : exchange.upstreamTarget();
        Entity resource = kind.entity(target, upstream, upstreamName, exchange.descriptor());
        Entity principal = McpEntities.principal(exchange.principal());
        Set<Entity> groups = McpEntities.groups(exchange.principal());
        Set<Entity> parents = Set.of(McpEntities.upstream(upstream));

        Map<String, Value> listContext = context(exchange.method(), upstream);
        Map<String, Value> useContext = new HashMap<>(listContext);
        if (kind == Kind.TOOL && "tools/call".equals(exchange.method())) {
            JsonNode arguments = exchange.params() == null ? null : exchange.params().get("arguments");
            useContext.put("arguments", CedarValues.of(arguments == null || arguments.isNull()
                    ? JsonNodeFactory.instance.objectNode() : arguments));
        }
        PolicyDecision decision;
        try {
            decision = authorizer.decide(principal, groups, kind.list, resource, parents, listContext)
                    .and(authorizer.decide(principal, groups, kind.use, resource, parents, useContext));
        } catch (CedarBounds.ExceededException e) {
            // Refused in shadow mode too: no decision was made, so there is nothing to shadow.
            exchange.audit().put(AuditFields.DECISION, AuditFields.DECISION_DENY);
            throw new GovernanceException(JsonRpcErrors.INVALID_PARAMS, e.getMessage());
        }

        exchange.audit().put(AuditFields.POLICY_IDS, decision.policyIds());
        if (decision.allowed()) {
            exchange.audit().put(AuditFields.DECISION, AuditFields.DECISION_ALLOW);
            return;
        }
        if (mode == PolicyConfig.Mode.SHADOW) {
            exchange.audit().put(AuditFields.DECISION, AuditFields.DECISION_SHADOW_DENY);
            LOG.info("Shadow mode: policy would deny {} (policies {})", exchange.method(), decision.policyIds());
            return;
        }
        exchange.audit().put(AuditFields.DECISION, AuditFields.DECISION_DENY);
        exchange.facts().deniedBy(decision.policyIds());
        throw denied(decision);
    }

    /**
     * Whether policy lets the exchange's caller see personal data in clear in what its tool,
     * resource or prompt returns (Cedar action {@code detokenize}, same context as listing). Only a
     * permit grants it, in shadow mode too: seeing data is never a would-be denial let through.
     */
    public boolean permitsDetokenize(Exchange exchange) {
        Kind kind = Kind.ofUse(exchange.method(), exchange.params());
        if (kind == null || exchange.target() == null) {
            return false;
        }
        String upstream = exchange.upstream() == null ? "" : exchange.upstream();
        String upstreamName = exchange.upstreamTarget() == null ? exchange.target() : exchange.upstreamTarget();
        Entity resource = kind.entity(exchange.target(), upstream, upstreamName, exchange.descriptor());
        return authorizer.decide(McpEntities.principal(exchange.principal()), McpEntities.groups(exchange.principal()),
                McpAction.DETOKENIZE, resource, Set.of(McpEntities.upstream(upstream)),
                context(exchange.method(), upstream)).allowed();
    }

    @Override
    public boolean listingVariesByCaller() {
        return true;
    }

    @Override
    public void onListing(Exchange exchange, ArrayNode items) {
        Kind kind = Kind.ofListing(exchange.method());
        if (kind == null) {
            return;
        }
        Entity principal = McpEntities.principal(exchange.principal());
        Set<Entity> groups = McpEntities.groups(exchange.principal());
        Set<String> hidingPolicies = new TreeSet<>();
        int hidden = 0;
        for (Iterator<JsonNode> it = items.iterator(); it.hasNext(); ) {
            JsonNode item = it.next();
            String clientName = kind.itemName(exchange.method(), item);
            ItemOrigins.Origin origin = clientName == null ? null : origins.of(exchange.method(), clientName);
            String upstream = origin == null ? "" : origin.upstream();
            String upstreamName = origin == null ? clientName : origin.upstreamName();
            PolicyDecision decision = clientName == null ? new PolicyDecision(false, List.of())
                    : authorizer.decide(principal, groups, kind.list,
                    kind.entity(clientName, upstream, upstreamName, item), Set.of(McpEntities.upstream(upstream)),
                    context(exchange.method(), upstream));
            if (!decision.allowed()) {
                hidden++;
                hidingPolicies.addAll(decision.policyIds());
                if (mode == PolicyConfig.Mode.ENFORCE) {
                    it.remove();
                }
            }
        }
        exchange.audit()
                .put(AuditFields.DECISION, hidden == 0 ? AuditFields.DECISION_ALLOW
                        : mode == PolicyConfig.Mode.SHADOW ? AuditFields.DECISION_SHADOW_DENY : AuditFields.DECISION_FILTERED)
                .put(AuditFields.HIDDEN, hidden);
        if (!hidingPolicies.isEmpty()) {
            exchange.audit().put(AuditFields.POLICY_IDS, List.copyOf(hidingPolicies));
        }
    }

    private GovernanceException denied(PolicyDecision decision) {
        if (!exposePolicyIds) {
            return new GovernanceException(JsonRpcErrors.FORBIDDEN, "Not permitted by policy");
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        decision.policyIds().forEach(data.putArray("policyIds")::add);
        return new GovernanceException(JsonRpcErrors.FORBIDDEN, "Not permitted by policy", data);
    }

    private Map<String, Value> context(String method, String upstream) {
        return context(clock.instant(), method, upstream);
    }

    /** The request facts policies read from {@code context} (the call's arguments are added by the caller). */
    static Map<String, Value> context(Instant now, String method, String upstream) {
        ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
        Map<String, Value> time = new HashMap<>();
        time.put("epochSeconds", new PrimLong(now.getEpochSecond()));
        time.put("hourUtc", new PrimLong(utc.getHour()));
        time.put("weekdayUtc", new PrimString(utc.getDayOfWeek().name()));
        Map<String, Value> context = new HashMap<>();
        context.put("time", new com.cedarpolicy.value.CedarMap(time));
        context.put("method", new PrimString(method));
        context.put("upstream", new PrimString(upstream));
        return context;
    }

    /** What kind of item a method is about, with its actions and how to build its entity. */
    private enum Kind {
        TOOL(McpAction.LIST_TOOL, McpAction.CALL_TOOL),
        RESOURCE(McpAction.LIST_RESOURCE, McpAction.READ_RESOURCE),
        PROMPT(McpAction.LIST_PROMPT, McpAction.GET_PROMPT);

        final McpAction list;
        final McpAction use;

        Kind(McpAction list, McpAction use) {
            this.list = list;
            this.use = use;
        }

        /** Completions and subscriptions concern a prompt or resource just like getting or reading it. */
        static Kind ofUse(String method, ObjectNode params) {
            return switch (method) {
                case "tools/call" -> TOOL;
                case "resources/read", "resources/subscribe" -> RESOURCE;
                case "prompts/get" -> PROMPT;
                case "completion/complete" ->
                        "ref/prompt".equals(params == null ? null : params.path("ref").path("type").asText()) ? PROMPT : RESOURCE;
                default -> null;
            };
        }

        static Kind ofListing(String method) {
            return switch (method) {
                case "tools/list" -> TOOL;
                case "resources/list", "resources/templates/list" -> RESOURCE;
                case "prompts/list" -> PROMPT;
                default -> null;
            };
        }

        String itemName(String method, JsonNode item) {
            String field = this == RESOURCE ? ("resources/templates/list".equals(method) ? "uriTemplate" : "uri") : "name";
            JsonNode name = item.get(field);
            return name == null || !name.isTextual() ? null : name.asText();
        }

        Entity entity(String clientName, String upstream, String upstreamName, JsonNode descriptor) {
            return switch (this) {
                case TOOL -> McpEntities.tool(clientName, upstream, upstreamName, descriptor);
                case RESOURCE -> McpEntities.resource(clientName, upstream);
                case PROMPT -> McpEntities.prompt(clientName, upstream, upstreamName);
            };
        }
    }
}
