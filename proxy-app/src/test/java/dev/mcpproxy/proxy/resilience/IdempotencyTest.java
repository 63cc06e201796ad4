package dev.mcpproxy.proxy.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void listingsAndReadsAreToolCallsOnlyByTheirAnnotations() throws Exception {
        assertThat(Idempotency.isIdempotent("tools/list", null)).isTrue();
        assertThat(Idempotency.isIdempotent("resources/read", null)).isTrue();
        assertThat(Idempotency.isIdempotent("tools/call", null)).isFalse();
        assertThat(Idempotency.isIdempotent("tools/call", json.readTree("{\"name\":\"t\"}"))).isFalse();
        assertThat(Idempotency.isIdempotent("tools/call",
                json.readTree("{\"annotations\":{\"idempotentHint\":true}}"))).isTrue();
        assertThat(Idempotency.isIdempotent("tools/call",
                json.readTree("{\"annotations\":{\"readOnlyHint\":true}}"))).isTrue();
        assertThat(Idempotency.isIdempotent("tools/call",
                json.readTree("{\"annotations\":{\"idempotentHint\":\"yes\"}}"))).isFalse();
        assertThat(Idempotency.isIdempotent("sampling/createMessage", null)).isFalse();
    }
}
