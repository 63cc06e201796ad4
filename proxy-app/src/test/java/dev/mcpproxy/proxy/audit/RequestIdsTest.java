package dev.mcpproxy.proxy.audit;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {
    @Test
    void idsAreVersionFourUuidsNeverRepeatedWithinAProcess() {
        RequestIds ids = new RequestIds(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String id = ids.next();
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(4);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(seen.add(id)).as("id %d repeats", i).isTrue();
        }
    }

    @Test
    void twoProcessesDrawDifferentIdsAndConsecutiveIdsDoNotCount() {
        RequestIds one = new RequestIds(new SecureRandom());
        RequestIds other = new RequestIds(new SecureRandom());
        UUID first = UUID.fromString(one.next());
        UUID second = UUID.fromString(one.next());

        assertThat(UUID.fromString(other.next()).getMostSignificantBits()).isNotEqualTo(first.getMostSignificantBits());
        assertThat(Long.bitCount(first.getLeastSignificantBits() ^ second.getLeastSignificantBits()))
                .as("consecutive ids differ in many bits, not by one").isGreaterThan(8);
    }
}
