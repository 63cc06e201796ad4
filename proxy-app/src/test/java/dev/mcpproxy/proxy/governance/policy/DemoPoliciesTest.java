package dev.mcpproxy.proxy.governance.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.identity.Principal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped demo policy set, against the demo upstream's tool annotations. */
class DemoPoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ItemOrigins DEMO = (method, name) -> new ItemOrigins.Origin("demo", name);
    private static final PolicyStage STAGE = PolicyStage.create(PolicyConfig.DEMO, DEMO);

    private static final Map<String, String> TOOLS = Map.of(
            "lookup_customer", "{\"readOnlyHint\":true,\"idempotentHint\":true,\"openWorldHint\":false}",
            "search_customers", "{\"readOnlyHint\":true,\"idempotentHint\":true,\"openWorldHint\":false}",
            "update_email", "{\"readOnlyHint\":false,\"destructiveHint\":true,\"idempotentHint\":true}",
            "charge_card", "{\"readOnlyHint\":false,\"destructiveHint\":false,\"openWorldHint\":true}");

    private static Principal user(String... groups) {
        return new Principal("u-1", "web", Set.of(), Set.of(groups), Map.of(), false);
    }

    private static ObjectNode descriptor(String tool) {
        try {
            return (ObjectNode) JSON.readTree("{\"name\":\"" + tool + "\",\"annotations\":" + TOOLS.get(tool) + "}");
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Exchange call(Principal principal, String tool, String arguments) throws IOException {
        ObjectNode params = (ObjectNode) JSON.readTree("{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
        return new Exchange("tools/call", params, principal, null, IntNode.valueOf(1), new AuditEvent())
                .route("demo", tool, tool, descriptor(tool));
    }

    private static List<String> visibleTools(Principal principal) {
        ArrayNode items = JSON.createArrayNode();
        List.of("lookup_customer", "search_customers", "update_email", "charge_card").forEach(t -> items.add(descriptor(t)));
        STAGE.onListing(new Exchange("tools/list", JSON.createObjectNode(), principal, null, null, new AuditEvent()), items);
        return StreamSupport.stream(items.spliterator(), false).map(i -> i.get("name").asText()).toList();
    }

    @Test
    void theAnonymousLocalUserSeesAndCallsOnlyReadOnlyTools() throws IOException {
        assertThat(visibleTools(Principal.ANONYMOUS)).containsExactly("lookup_customer", "search_customers");
        assertThatCode(() -> STAGE.onRequest(call(Principal.ANONYMOUS, "lookup_customer", "{\"customerId\":\"C-1001\"}")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> STAGE.onRequest(call(Principal.ANONYMOUS, "charge_card", "{\"amountCents\":100}")))
                .isInstanceOf(GovernanceException.class);
    }

    @Test
    void supportAndAdminsSeePersonalDataInClearOthersDoNot() throws IOException {
        String lookup = "{\"customerId\":\"C-1001\"}";
        assertThat(STAGE.permitsDetokenize(call(user("support"), "lookup_customer", lookup))).isTrue();
        assertThat(STAGE.permitsDetokenize(call(user("admins"), "lookup_customer", lookup))).isTrue();
        assertThat(STAGE.permitsDetokenize(call(user("analytics"), "lookup_customer", lookup))).isFalse();
        assertThat(STAGE.permitsDetokenize(call(Principal.ANONYMOUS, "lookup_customer", lookup))).isFalse();
        Exchange resource = new Exchange("resources/read", (ObjectNode) JSON.readTree("{\"uri\":\"customers://C-1001\"}"),
                user("support"), null, IntNode.valueOf(2), new AuditEvent())
                .route("demo", "customers://C-1001", "customers://C-1001", null);
        assertThat(STAGE.permitsDetokenize(resource)).isTrue();
        // A relayed answer names no tool, resource or prompt: nothing to grant it for.
        assertThat(STAGE.permitsDetokenize(new Exchange("sampling/createMessage", JSON.createObjectNode(),
                user("support"), null, null, new AuditEvent()))).isFalse();
    }

    @Test
    void onlyAdminsCallDestructiveTools() throws IOException {
        assertThatThrownBy(() -> STAGE.onRequest(call(user("support"), "update_email", "{}")))
                .isInstanceOf(GovernanceException.class);
        assertThatCode(() -> STAGE.onRequest(call(user("admins"), "update_email", "{}"))).doesNotThrowAnyException();
    }

    @Test
    void billingChargesUpToTheLimitAndAdminsBeyond() throws IOException {
        assertThat(visibleTools(user("billing"))).contains("charge_card").doesNotContain("update_email");
        assertThatCode(() -> STAGE.onRequest(call(user("billing"), "charge_card", "{\"amountCents\":4999}")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> STAGE.onRequest(call(user("billing"), "charge_card", "{\"amountCents\":60000}")))
                .isInstanceOf(GovernanceException.class);
        assertThatCode(() -> STAGE.onRequest(call(user("admins"), "charge_card", "{\"amountCents\":60000}")))
                .doesNotThrowAnyException();
    }

    @Test
    void aMachineClientIsLimitedToReadOnlyToolsEvenInAPrivilegedGroup() {
        Principal machine = new Principal("svc", "svc", Set.of(), Set.of("billing"), Map.of(), false);

        assertThat(visibleTools(machine)).containsExactly("lookup_customer", "search_customers");
    }

    @Test
    void customerRecordsAreForSupportWhilePublicResourcesAreForEveryone() {
        ArrayNode forAnonymous = resources();
        ArrayNode forSupport = resources();

        STAGE.onListing(new Exchange("resources/list", JSON.createObjectNode(), Principal.ANONYMOUS, null, null,
                new AuditEvent()), forAnonymous);
        STAGE.onListing(new Exchange("resources/list", JSON.createObjectNode(), user("support"), null, null,
                new AuditEvent()), forSupport);

        assertThat(forAnonymous).hasSize(1);
        assertThat(forAnonymous.get(0).get("uri").asText()).isEqualTo("demo://about");
        assertThat(forSupport).hasSize(2);
    }

    private static ArrayNode resources() {
        ArrayNode items = JSON.createArrayNode();
        items.addObject().put("uri", "customers://directory").put("name", "customer-directory");
        items.addObject().put("uri", "demo://about").put("name", "about");
        return items;
    }
}
