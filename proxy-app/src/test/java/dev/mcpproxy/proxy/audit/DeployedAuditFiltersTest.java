package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.governance.pii.DetokenizeAuthorizer;
import dev.mcpproxy.proxy.governance.pii.PiiConfig;
import dev.mcpproxy.proxy.governance.pii.PiiStage;
import dev.mcpproxy.proxy.governance.policy.ItemOrigins;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.policy.PolicyStage;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The metric filters and Logs Insights queries the CDK app deploys (read from the committed
 * Foundation template snapshot) match the audit lines the proxy really writes: a denial, a call
 * carrying personal data and an upstream failure are produced by the real audit trail, Cedar
 * policies (the production ones) and PII stage (with a result carrying personal data too), and each
 * filter pattern, evaluated on those lines,
 * counts exactly its own event.
 */
class DeployedAuditFiltersTest {
    private static final Path FOUNDATION = Path.of("../cdk/src/test/resources/snapshots/McpProxy-prod-Foundation.json");
    private static final Path POLICIES = Path.of("../cdk/environments/prod/policies");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** With the roles prod's identity.roles confers on these scopes (DeployedConfigurationsTest checks the mapping). */
    private static final Principal CALLER = new Principal("machine-1", "machine-1", Set.of("mcp-proxy/invoke"), Set.of(),
            Map.of(), false, Set.of("caller"));
    private static final Principal ADMIN = new Principal("machine-2", "machine-2",
            Set.of("mcp-proxy/invoke", "mcp-proxy/admin"), Set.of(), Map.of(), false, Set.of("caller", "admin"));

    private final StringWriter output = new StringWriter();
    private final AuditTrail trail = new AuditTrail(new JsonLinesAuditSink(100, List.of(output)),
            new ArgumentDigest("deployed-filters-key".getBytes(StandardCharsets.UTF_8)), Clock.systemUTC());

    @Test
    void eachDeployedMetricFilterCountsExactlyItsEvents() throws Exception {
        Map<String, JsonNode> events = realEvents();
        Map<String, String> patterns = deployed("AWS::Logs::MetricFilter", "FilterPattern", "MetricTransformations");

        assertThat(patterns).containsOnlyKeys("DeniedCalls", "RequestsWithPii", "UpstreamErrors");
        assertThat(matching(patterns.get("DeniedCalls"), events)).containsExactly("denied");
        assertThat(matching(patterns.get("RequestsWithPii"), events)).containsExactly("withEmail", "resultWithEmail");
        assertThat(matching(patterns.get("UpstreamErrors"), events)).containsExactly("upstreamFailed");
        assertThat(matching("{ $.decision = \"deny\" }", Map.of("log line", JSON.readTree("{\"level\":\"INFO\"}"))))
                .as("the evaluator itself").isEmpty();
    }

    @Test
    void everyFieldTheDeployedQueriesReadIsWritten() throws Exception {
        Set<String> written = new TreeSet<>();
        realEvents().values().forEach(event -> flatten("", event, written));
        Map<String, String> queries = deployed("AWS::Logs::QueryDefinition", "QueryString", "Name");

        assertThat(queries).hasSize(4);
        queries.forEach((name, query) -> assertThat(fieldsRead(query)).as(name).isSubsetOf(written));
    }

    /**
     * A denial (no permit for a non-read-only tool), a call with an e-mail address, an upstream failure, a plain call,
     * a call whose result holds an e-mail address.
     */
    private Map<String, JsonNode> realEvents() throws IOException, GovernanceException {
        PolicyStage policy = PolicyStage.create(new PolicyConfig(true, List.of(POLICIES.toString()),
                "classpath:governance/mcp.cedarschema", PolicyConfig.Mode.ENFORCE, false), ItemOrigins.UNKNOWN);
        PiiStage pii = PiiStage.create(PiiConfig.defaults(), DetokenizeAuthorizer.NOBODY).orElseThrow();
        GovernanceChain stages = new GovernanceChain(List.of(policy, pii), List.of(), trail);

        Exchange denied = call(CALLER, 1, "{\"customerId\":\"c-1\"}");
        assertThatThrownBy(() -> stages.onRequest(denied)).isInstanceOf(GovernanceException.class);

        Exchange withEmail = call(ADMIN, 2, "{\"query\":\"mail jane.doe@example.com\"}");
        stages.onRequest(withEmail);
        stages.onResult(withEmail, JSON.createObjectNode().put("isError", false));

        Exchange upstreamFailed = call(ADMIN, 3, "{\"customerId\":\"c-3\"}");
        stages.onRequest(upstreamFailed);
        trail.complete(upstreamFailed, JsonRpcErrors.UPSTREAM_UNAVAILABLE);

        Exchange plain = call(ADMIN, 4, "{\"customerId\":\"c-4\"}");
        stages.onRequest(plain);
        stages.onResult(plain, JSON.createObjectNode());

        Exchange resultWithEmail = call(ADMIN, 5, "{\"customerId\":\"c-5\"}");
        stages.onRequest(resultWithEmail);
        stages.onResult(resultWithEmail, (ObjectNode) JSON.readTree(
                "{\"content\":[{\"type\":\"text\",\"text\":\"owner jane.doe@example.com\"}]}"));
        trail.close();

        Map<String, JsonNode> events = new LinkedHashMap<>();
        List<String> names = List.of("denied", "withEmail", "upstreamFailed", "plain", "resultWithEmail");
        List<String> lines = output.toString().lines().toList();
        assertThat(lines).hasSize(names.size());
        for (int i = 0; i < lines.size(); i++) {
            events.put(names.get(i), JSON.readTree(lines.get(i)));
        }
        return events;
    }

    private static Exchange call(Principal principal, int id, String arguments) throws IOException {
        ObjectNode params = (ObjectNode) JSON.readTree("{\"name\":\"crm__update_customer\",\"arguments\":" + arguments + "}");
        ObjectNode descriptor = (ObjectNode) JSON.readTree("{\"name\":\"update_customer\",\"inputSchema\":{\"type\":\"object\"}}");
        return new Exchange("tools/call", params, principal, null, IntNode.valueOf(id), new AuditEvent())
                .route("crm", "crm__update_customer", "update_customer", descriptor);
    }

    /** The given property of every resource of a type in the template, keyed by its metric name or query name. */
    private static Map<String, String> deployed(String type, String property, String nameProperty) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode resource : JSON.readTree(FOUNDATION.toFile()).path("Resources")) {
            if (resource.path("Type").asText().equals(type)) {
                JsonNode properties = resource.path("Properties");
                JsonNode name = properties.path(nameProperty);
                found.put(name.isArray() ? name.get(0).path("MetricName").asText() : name.asText(),
                        properties.path(property).asText());
            }
        }
        return found;
    }

    private static List<String> matching(String pattern, Map<String, JsonNode> events) {
        List<String> names = new ArrayList<>();
        events.forEach((name, event) -> {
            if (new FilterPattern(pattern).matches(event)) {
                names.add(name);
            }
        });
        return names;
    }

    private static final Pattern READ_FIELD = Pattern.compile(
            "(?:ispresent|sum)\\(([\\w.]+)\\)|\\bby ([\\w.]+)|\\| filter ([\\w.]+) |^fields (.+)$", Pattern.MULTILINE);

    /** The audit fields a Logs Insights query reads: filtered, summed, grouped by or listed in {@code fields}. */
    private static Set<String> fieldsRead(String query) {
        Set<String> fields = new TreeSet<>();
        Matcher matcher = READ_FIELD.matcher(query);
        while (matcher.find()) {
            for (int group = 1; group <= 3; group++) {
                if (matcher.group(group) != null) {
                    fields.add(matcher.group(group));
                }
            }
            if (matcher.group(4) != null) {
                for (String field : matcher.group(4).split(",\\s*")) {
                    fields.add(field.strip());
                }
            }
        }
        // A list's elements are flattened as policyIds.0, policyIds.1, ...; the list itself is what is written.
        Set<String> written = new TreeSet<>();
        fields.stream().filter(field -> !field.startsWith("@"))
                .forEach(field -> written.add(field.replaceAll("\\.\\d+$", "")));
        return written;
    }

    private static void flatten(String prefix, JsonNode node, Set<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                into.add(path);
                flatten(path, field.getValue(), into);
            }
        }
    }

    /**
     * The subset of CloudWatch Logs JSON filter patterns the CDK app deploys: {@code $.a.b} compared
     * with {@code =} or {@code >} to a string or number, combined with {@code &&} / {@code ||}
     * in parentheses. A missing field never matches.
     */
    private static final class FilterPattern {
        private static final Pattern TOKEN = Pattern.compile("\\s*(&&|\\|\\||\\(|\\)|\\$\\.[\\w.]+|=|>|\"[^\"]*\"|-?\\d+)");
        private final List<String> tokens = new ArrayList<>();
        private int at;
        private JsonNode event;

        FilterPattern(String pattern) {
            String body = pattern.strip();
            assertThat(body).startsWith("{").endsWith("}");
            String inner = body.substring(1, body.length() - 1).strip();
            Matcher matcher = TOKEN.matcher(inner);
            int end = 0;
            while (matcher.find() && matcher.start() == end) {
                tokens.add(matcher.group(1));
                end = matcher.end();
            }
            assertThat(end).as("unsupported pattern %s", pattern).isEqualTo(inner.length());
        }

        boolean matches(JsonNode candidate) {
            event = candidate;
            at = 0;
            boolean result = expression();
            assertThat(at).isEqualTo(tokens.size());
            return result;
        }

        private boolean expression() {
            boolean result = term();
            while (at < tokens.size() && (tokens.get(at).equals("&&") || tokens.get(at).equals("||"))) {
                boolean and = tokens.get(at++).equals("&&");
                boolean next = term();
                result = and ? result && next : result || next;
            }
            return result;
        }

        private boolean term() {
            if (tokens.get(at).equals("(")) {
                at++;
                boolean result = expression();
                assertThat(tokens.get(at++)).isEqualTo(")");
                return result;
            }
            JsonNode field = event.at("/" + tokens.get(at++).substring(2).replace('.', '/'));
            String operator = tokens.get(at++);
            String value = tokens.get(at++);
            if (field.isMissingNode()) {
                return false;
            }
            if (value.startsWith("\"")) {
                return operator.equals("=") && field.isTextual() && field.asText().equals(value.substring(1, value.length() - 1));
            }
            if (!field.isNumber()) {
                return false;
            }
            long number = Long.parseLong(value);
            return operator.equals("=") ? field.asLong() == number : field.asLong() > number;
        }
    }
}
