package dev.mcpproxy.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The version lists other code relies on for their order: negotiation picks the newest, listings show newest first. */
class ProtocolVersionsTest {

    @Test
    void eachEraListsItsVersionsOldestFirstAndTheLatestLegacyIsItsLast() {
        assertThat(ProtocolVersions.LEGACY).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
        assertThat(ProtocolVersions.LATEST_LEGACY).isEqualTo(ProtocolVersions.LEGACY.getLast());
        assertThat(ProtocolVersions.MODERN).allSatisfy(modern -> assertThat(modern).isGreaterThan(ProtocolVersions.LATEST_LEGACY));
    }

    @Test
    void newestFirstIsBothErasInDescendingOrder() {
        List<String> both = new ArrayList<>(ProtocolVersions.LEGACY);
        both.addAll(ProtocolVersions.MODERN);
        assertThat(ProtocolVersions.NEWEST_FIRST).containsExactlyElementsOf(both.reversed());
    }

    @Test
    void versionsAreDates() {
        assertThat(ProtocolVersions.NEWEST_FIRST).allMatch(version -> version.matches("\\d{4}-\\d{2}-\\d{2}"));
    }
}
