package dev.mcpproxy.proxy.jsonrpc;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;

/** The size in bytes of a tree's compact UTF-8 JSON, counted as it is written rather than kept. */
public final class JsonSize {
    private static final ObjectMapper JSON = JsonMappers.create();

    private JsonSize() {
    }

    public static long of(JsonNode node) {
        ByteCounter counter = new ByteCounter();
        try (JsonGenerator generator = JSON.createGenerator(counter, JsonEncoding.UTF8)) {
            JsonTreeWriter.write(node, generator, false);
        } catch (IOException e) {
            throw new IllegalStateException("tree not serializable", e);
        }
        return counter.count;
    }

    private static final class ByteCounter extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
