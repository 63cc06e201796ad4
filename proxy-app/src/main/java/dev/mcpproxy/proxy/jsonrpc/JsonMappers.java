package dev.mcpproxy.proxy.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Object mappers for code on the request path. Jackson recycles its read and write buffers per
 * thread by default, but every request here runs on a virtual thread of its own, so each parse
 * and each write would allocate fresh 8-16 KB buffers. These mappers share one pool across threads
 * and write UTF-8 bytes exactly as encoding the written string would.
 */
public final class JsonMappers {
    private static final RecyclerPool<BufferRecycler> SHARED_BUFFERS = JsonRecyclerPools.sharedConcurrentDequePool();

    private JsonMappers() {
    }

    public static ObjectMapper create() {
        return JsonMapper.builder(JsonFactory.builder().recyclerPool(SHARED_BUFFERS)
                // Characters beyond the BMP as four UTF-8 bytes, as a string writer would, not two escapes.
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build()).build();
    }
}
