package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A 2026-07-28 upstream's {@code input_required} results (basic/patterns/mrtr) turned into what a
 * 2025-era upstream would have done: each input request reaches the caller's sink as a
 * server-to-client request, the caller's answer (through {@link #answered}) is collected, and the
 * original request is repeated with {@code inputResponses} and the echoed {@code requestState}
 * until the upstream completes. Whoever uses the connection therefore relays, refuses or bridges
 * the questions exactly as it does for a 2025-era upstream.
 */
final class InputRounds {
    /** Rounds allowed before the upstream counts as never completing. */
    private static final int MAX_ROUNDS = 8;

    @FunctionalInterface
    interface Exchange {
        ObjectNode send(ObjectNode request, MessageSink sink) throws UpstreamException;
    }

    private final String upstream;
    private final Duration timeout;
    private final Exchange exchange;
    private final LongSupplier ids;
    private final Map<String, CompletableFuture<ObjectNode>> waiting = new ConcurrentHashMap<>();

    InputRounds(String upstream, Duration timeout, Exchange exchange, LongSupplier ids) {
        this.upstream = upstream;
        this.timeout = timeout;
        this.exchange = exchange;
        this.ids = ids;
    }

    /** The final response to {@code request}, after as many rounds of questions as the upstream needs. */
    ObjectNode fulfil(ObjectNode request, ObjectNode response, MessageSink sink) throws UpstreamException {
        ObjectNode current = response;
        for (int round = 0; isInputRequired(current); round++) {
            if (round == MAX_ROUNDS) {
                throw new UpstreamException(upstream, UpstreamException.Kind.PROTOCOL,
                        "still required input after " + MAX_ROUNDS + " rounds");
            }
            JsonNode result = current.get("result");
            ObjectNode responses = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> input : result.path("inputRequests").properties()) {
                ObjectNode answer = ask(input.getValue(), sink);
                if (!(answer.get("result") instanceof ObjectNode answered)) {
                    return JsonRpc.error(request.get("id"), JsonRpcErrors.INTERNAL_ERROR, "The upstream's "
                            + input.getValue().path("method").asText() + " was not answered: "
                            + answer.path("error").path("message").asText("no answer"));
                }
                responses.set(input.getKey(), answered);
            }
            ObjectNode retry = request.deepCopy();
            retry.put("id", ids.getAsLong());
            ObjectNode params = retry.get("params") instanceof ObjectNode existing ? existing : retry.putObject("params");
            params.set("inputResponses", responses);
            if (result.has("requestState")) {
                params.set("requestState", result.get("requestState"));
            } else {
                params.remove("requestState");
            }
            current = exchange.send(retry, sink);
        }
        return current;
    }

    /** True when {@code response} answers one of this connection's questions (it is then consumed here). */
    boolean answered(ObjectNode response) {
        JsonNode id = response.get("id");
        CompletableFuture<ObjectNode> question = id != null && id.isTextual() ? waiting.remove(id.textValue()) : null;
        if (question == null) {
            return false;
        }
        question.complete(response);
        return true;
    }

    private ObjectNode ask(JsonNode input, MessageSink sink) throws UpstreamException {
        String id = "input-" + ids.getAsLong();
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        ObjectNode question = JsonRpc.request(JsonNodeFactory.instance.textNode(id), input.path("method").asText(),
                input.get("params") instanceof ObjectNode params ? params.deepCopy() : null);
        try {
            sink.accept(question);
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UpstreamException(upstream, UpstreamException.Kind.TIMEOUT,
                    "its " + question.path("method").asText() + " was not answered in time");
        } catch (ExecutionException e) {
            throw new IllegalStateException("an answer future never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(upstream, UpstreamException.Kind.CLOSED, "interrupted", e);
        } finally {
            waiting.remove(id);
        }
    }

    private static boolean isInputRequired(ObjectNode response) {
        return "input_required".equals(response.path("result").path("resultType").asText());
    }
}
