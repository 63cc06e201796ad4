package dev.mcpproxy.proxy.upstream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseEventReaderTest {

    private static SseEventReader reader(String stream, long limit) {
        return new SseEventReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), limit);
    }

    @Test
    void readsEventsWithEveryLineEnding() throws IOException {
        SseEventReader events = reader(": comment\r\nid: 1\r\nevent: message\r\ndata: {\"a\":1}\r\n\r\n"
                + "data: first\rdata:second\r\rid: 7\ndata: é\n\n", 1024);

        assertThat(events.next()).isEqualTo(new SseEventReader.Event("1", "message", "{\"a\":1}"));
        assertThat(events.next()).isEqualTo(new SseEventReader.Event("1", "message", "first\nsecond"));
        assertThat(events.next()).isEqualTo(new SseEventReader.Event("7", "message", "é"));
        assertThat(events.next()).isNull();
    }

    @Test
    void aPrimingEventWithEmptyDataIsAnEventWithEmptyData() throws IOException {
        SseEventReader events = reader("id: p\ndata:\n\nevent: message\ndata: x\n\n", 1024);

        assertThat(events.next().data()).isEmpty();
        assertThat(events.next().data()).isEqualTo("x");
    }

    @Test
    void anEventOverTheLimitFailsBeforeItIsHeldWhole() {
        SseEventReader events = reader("data: " + "x".repeat(5000) + "\n\n", 1024);

        assertThatThrownBy(events::next).isInstanceOf(BoundedInputStream.LimitExceededException.class);
    }

    @Test
    void linesSplitAcrossReadsAndLongerThanTheBufferArriveWhole() throws IOException {
        String longData = "y".repeat(5000);
        byte[] bytes = ("id: 1\r\ndata: a\r\n\r\ndata: " + longData + "\r\n\r\ndata: é\r\rdata: z\n\n")
                .getBytes(StandardCharsets.UTF_8);
        // One byte per read: every line ending and every UTF-8 sequence is split across reads.
        SseEventReader events = new SseEventReader(new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        }, 8192);

        assertThat(events.next()).isEqualTo(new SseEventReader.Event("1", "message", "a"));
        assertThat(events.next().data()).isEqualTo(longData);
        assertThat(events.next().data()).isEqualTo("é");
        assertThat(events.next().data()).isEqualTo("z");
        assertThat(events.next()).isNull();
    }

    @Test
    void anUnterminatedEventAtTheEndIsDropped() throws IOException {
        assertThat(reader("data: partial", 1024).next()).isNull();
    }
}
