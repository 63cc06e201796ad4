package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Parses a request body strictly: UTF-8 only, exactly one JSON value, within the configured depth
 * and token count. A rejection names the rule broken, never the content.
 */
final class RequestJson {

    /** The body broke a rule; {@link #code} is the JSON-RPC error code to answer with. */
    static final class RejectedException extends Exception {
        final int code;

        RejectedException(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final ObjectMapper mapper;
    private final int maxDepth;
    private final int maxTokens;

    RequestJson(ServerConfig config) {
        this.maxDepth = config.maxJsonDepth();
        this.maxTokens = config.maxJsonTokens();
        this.mapper = JsonMappers.strict(maxDepth, maxTokens);
    }

    /**
     * Parses the body as it arrives; a rule broken early stops reading there (the caller drains
     * what is left).
     *
     * @throws IOException the body itself failed: over its limit or too slow ({@link BoundedBody}),
     *                     or the client went away
     */
    JsonNode parse(InputStream body) throws RejectedException, IOException {
        byte[] start = body.readNBytes(4);
        if (!utf8(start)) {
            throw new RejectedException(JsonRpcErrors.PARSE_ERROR, "Parse error: the body must be JSON in UTF-8");
        }
        try {
            JsonNode node = mapper.readTree(new SequenceInputStream(new ByteArrayInputStream(start), body));
            if (node == null || node.isMissingNode()) {
                throw new RejectedException(JsonRpcErrors.PARSE_ERROR, "Parse error: the body is empty");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new RejectedException(JsonRpcErrors.INVALID_REQUEST, String.valueOf(e.getMessage()).contains("depth")
                    ? "Request body nests JSON deeper than " + maxDepth + " levels"
                    : "Request body has more than " + maxTokens + " JSON tokens");
        } catch (MismatchedInputException e) {
            throw new RejectedException(JsonRpcErrors.PARSE_ERROR, "Parse error: content after the JSON value");
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException failure && !(failure instanceof JacksonException)) {
                throw failure;
            }
            throw new RejectedException(JsonRpcErrors.PARSE_ERROR, "Parse error: the body is not valid JSON");
        }
    }

    /**
     * Judged on the first four bytes. Jackson detects UTF-16 and UTF-32 from byte order marks and zero bytes; JSON between systems
     * is UTF-8 (RFC 8259), and no UTF-8 JSON text has a zero byte outside a string.
     */
    private static boolean utf8(byte[] start) {
        if (start.length >= 2 && ((start[0] == (byte) 0xFE && start[1] == (byte) 0xFF)
                || (start[0] == (byte) 0xFF && start[1] == (byte) 0xFE))) {
            return false;
        }
        for (byte b : start) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }
}
