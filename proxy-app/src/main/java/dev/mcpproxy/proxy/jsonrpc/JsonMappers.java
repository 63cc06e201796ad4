package dev.mcpproxy.proxy.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Object mappers for code on the request path. Jackson recycles its read and write buffers per
 * thread by default, but every request here runs on a virtual thread of its own, so each parse
 * and each write would allocate fresh 8-16 KB buffers. These mappers share one pool across threads
 * and write UTF-8 bytes exactly as encoding the written string would.
 *
 * <p>Every mapper parses at most {@link #MAX_DEPTH} levels: within the recursion any tree walker on
 * the path (schema validation, the PII scan, Cedar's input) can afford, so no later step fails on a
 * tree the parser accepted.
 */
public final class JsonMappers {
    public static final int MAX_DEPTH = 400;
    private static final RecyclerPool<BufferRecycler> SHARED_BUFFERS = JsonRecyclerPools.sharedConcurrentDequePool();

    private JsonMappers() {
    }

    public static ObjectMapper create() {
        return mapper(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
    }

    /**
     * For client request bodies: one JSON value and nothing after it, within {@code maxDepth}
     * levels and {@code maxTokens} tokens (which bound the tree, unlike the body's bytes).
     */
    public static ObjectMapper strict(int maxDepth, int maxTokens) {
        return mapper(StreamReadConstraints.builder().maxNestingDepth(Math.min(maxDepth, MAX_DEPTH))
                .maxTokenCount(maxTokens).build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    private static JsonMapper.Builder mapper(StreamReadConstraints constraints) {
        return JsonMapper.builder(JsonFactory.builder().recyclerPool(SHARED_BUFFERS).streamReadConstraints(constraints)
                // Characters beyond the BMP as four UTF-8 bytes, as a string writer would, not two escapes.
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());
    }
}
