package dev.mcpproxy.proxy.upstream;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class QuietEventsTest {

    private static ByteBuffer chunk(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPrimingEventIsQuietAndTheResponseAfterItIsNot() {
        QuietEvents events = new QuietEvents();

        assertThat(events.only(chunk("id: 1_0\ndata: \n\n"))).isTrue();
        assertThat(events.only(chunk("event: message\nid: 1_1\ndata: {\"jsonrpc\":\"2.0\",\"id\":1}\n\n"))).isFalse();
    }

    @Test
    void commentsRetryAndFieldsWithoutDataAreQuietAlsoWithCarriageReturns() {
        QuietEvents events = new QuietEvents();

        assertThat(events.only(chunk(": keep-alive\n\n"))).isTrue();
        assertThat(events.only(chunk("retry: 1000\r\nid: 7\r\ndata\r\n\r\n"))).isTrue();
        assertThat(events.only(chunk("database: not a data field\ndata:\t \n\n"))).isTrue();
    }

    @Test
    void aChunkThatDoesNotEndAnEventIsNotQuietNorIsTheOneAfterIt() {
        QuietEvents events = new QuietEvents();

        assertThat(events.only(chunk("id: 1\nda"))).isFalse();
        // Whole-looking, but it continues a line of the chunk before: "da" + "ta: ..." would be data.
        assertThat(events.only(chunk("ta: \n\n"))).isFalse();
        assertThat(events.only(chunk(": back at a boundary\n\n"))).isTrue();
    }

    @Test
    void dataWithContentIsNeverQuietWhereverItStands() {
        QuietEvents events = new QuietEvents();

        assertThat(events.only(chunk("id: 1\ndata: \n\nid: 2\ndata:x\n\n"))).isFalse();
        assertThat(events.only(chunk("data: {}\r\n\r\n"))).isFalse();
        assertThat(events.only(chunk("\n"))).isFalse();
    }

    @Test
    void theChunkIsScannedWithoutBeingConsumed() {
        ByteBuffer priming = chunk("id: 1\ndata: \n\n");

        new QuietEvents().only(priming);

        assertThat(priming.remaining()).isEqualTo(14);
    }
}
