package dev.mcpproxy.proxy.mrtr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sealed requestState opens only for its principal, its request and within its lifetime; it hides its content. */
class RequestStatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MATERIAL = "unit-test requestState key material 0123456789";

    private final MutableClock clock = new MutableClock();
    private final RequestStates states = RequestStates.fromMaterial(MATERIAL, clock);

    private static ObjectNode params(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void opensForTheSameRequestAnywhereTheMaterialIsShared() throws Exception {
        ObjectNode params = params("{\"name\":\"book\",\"arguments\":{\"day\":\"monday\",\"seats\":2}}");
        JsonNode answer = JSON.readTree("{\"action\":\"accept\",\"content\":{\"email\":\"ada@example.com\"}}");

        String sealed = states.seal("alice", "tools/call", params, List.of(answer));
        ObjectNode retry = params("{\"arguments\":{\"seats\":2,\"day\":\"monday\"},\"name\":\"book\","
                + "\"requestState\":\"x\",\"inputResponses\":{},\"_meta\":{\"k\":1}}");

        assertThat(RequestStates.fromMaterial(MATERIAL, clock).open(sealed, "alice", "tools/call", retry).answers())
                .containsExactly(answer);
        assertThat(sealed).doesNotContain("ada").doesNotContain("alice").doesNotContain("book");
    }

    @Test
    void refusesAnotherPrincipalAnotherRequestAnExpiredStateAndAnotherKey() throws Exception {
        ObjectNode params = params("{\"name\":\"book\",\"arguments\":{\"day\":\"monday\"}}");
        String sealed = states.seal("alice", "tools/call", params, List.of());

        assertThatThrownBy(() -> states.open(sealed, "mallory", "tools/call", params))
                .hasMessage("requestState belongs to another principal");
        assertThatThrownBy(() -> states.open(sealed, "alice", "tools/call",
                params("{\"name\":\"book\",\"arguments\":{\"day\":\"sunday\"}}")))
                .hasMessage("requestState belongs to another request");
        assertThatThrownBy(() -> states.open(sealed, "alice", "prompts/get", params))
                .hasMessage("requestState belongs to another request");
        assertThatThrownBy(() -> RequestStates.fromMaterial("a different key material, 0123456789abcdef", clock)
                .open(sealed, "alice", "tools/call", params))
                .hasMessage("requestState was not issued by this proxy or was altered");
        clock.advance(RequestStates.TTL.plus(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> states.open(sealed, "alice", "tools/call", params))
                .hasMessage("requestState has expired");
    }

    @Test
    void keyMaterialMustBeLongEnough() {
        assertThatThrownBy(() -> RequestStates.fromMaterial("short", clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 characters");
    }
}
