package dev.mcpproxy.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers {@code tools/list} in pages of a fixed size, because the MCP Java SDK server always
 * lists everything at once. The items are the SDK server's own tools, serialized by the SDK.
 * The cursor is the offset of the next page.
 */
final class ToolPagingFilter implements Filter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int pageSize;
    private final Supplier<List<McpSchema.Tool>> tools;

    ToolPagingFilter(int pageSize, Supplier<List<McpSchema.Tool>> tools) {
        this.pageSize = pageSize;
        this.tools = tools;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (!"POST".equals(http.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        JsonNode message = parse(body);
        if (message != null && "tools/list".equals(message.path("method").asText())) {
            writePage(message, (HttpServletResponse) response);
            return;
        }
        chain.doFilter(new ReplayedRequest(http, body), response);
    }

    private void writePage(JsonNode request, HttpServletResponse response) throws IOException {
        List<McpSchema.Tool> all = tools.get();
        String cursor = request.path("params").path("cursor").asText(null);
        int offset = cursor == null ? 0 : Integer.parseInt(cursor);
        List<McpSchema.Tool> page = all.subList(offset, Math.min(offset + pageSize, all.size()));
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", request.get("id"));
        ObjectNode result = answer.putObject("result");
        result.set("tools", MAPPER.readTree(McpJsonDefaults.getMapper().writeValueAsString(page)));
        if (offset + pageSize < all.size()) {
            result.put("nextCursor", Integer.toString(offset + pageSize));
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.getOutputStream().write(MAPPER.writeValueAsBytes(answer));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The request with its already consumed body available again to the SDK servlet. */
    private static final class ReplayedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
