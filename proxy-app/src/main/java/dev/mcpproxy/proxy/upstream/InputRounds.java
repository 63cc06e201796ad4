package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;

import java.time.Duration;
import java.util.LinkedHashMap;
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
 * server-to-client request (all of a round's at once, as the upstream asked them at once, each
 * with the upstream's key in its id: {@link InputRequestIds}), the caller's answers (through
 * {@link #answered}) are collected, and the original request is repeated with
 * {@code inputResponses} and the echoed {@code requestState} until the upstream completes.
 * Whoever uses the connection therefore relays, refuses or bridges the questions exactly as it
 * does for a 2025-era upstream.
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
            Map<String, CompletableFuture<ObjectNode>> asked = new LinkedHashMap<>();
            Map<String, String> questionIds = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, JsonNode> input : result.path("inputRequests").properties()) {
                    String id = InputRequestIds.id(ids.getAsLong(), input.getKey());
                    questionIds.put(input.getKey(), id);
                    asked.put(input.getKey(), ask(id, input.getValue(), sink));
                }
                ObjectNode responses = JsonNodeFactory.instance.objectNode();
                for (Map.Entry<String, CompletableFuture<ObjectNode>> question : asked.entrySet()) {
                    ObjectNode answer = await(question.getValue(), result.path("inputRequests").path(question.getKey()));
                    if (!(answer.get("result") instanceof ObjectNode answered)) {
                        return JsonRpc.error(request.get("id"), JsonRpcErrors.INTERNAL_ERROR, "The upstream's "
                                + result.path("inputRequests").path(question.getKey()).path("method").asText()
                                + " was not answered: " + answer.path("error").path("message").asText("no answer"));
                    }
                    responses.set(question.getKey(), answered);
                }
                current = retry(request, result, responses, sink);
            } finally {
                questionIds.values().forEach(waiting::remove);
            }
        }
        return current;
    }

    private ObjectNode retry(ObjectNode request, JsonNode result, ObjectNode responses, MessageSink sink)
            throws UpstreamException {
        ObjectNode retry = request.deepCopy();
        retry.put("id", ids.getAsLong());
        ObjectNode params = retry.get("params") instanceof ObjectNode existing ? existing : retry.putObject("params");
        params.set("inputResponses", responses);
        if (result.has("requestState")) {
            params.set("requestState", result.get("requestState"));
        } else {
            params.remove("requestState");
        }
        return exchange.send(retry, sink);
    }

    /**
     * True when {@code response} answers one of this connection's questions (it is then consumed
     * here), also one given up on because another question of its round went unanswered.
     */
    boolean answered(ObjectNode response) {
        JsonNode id = response.get("id");
        CompletableFuture<ObjectNode> question = id != null && id.isTextual() ? waiting.remove(id.textValue()) : null;
        if (question == null) {
            return InputRequestIds.key(id) != null;
        }
        question.complete(response);
        return true;
    }

    private CompletableFuture<ObjectNode> ask(String id, JsonNode input, MessageSink sink) {
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        sink.accept(JsonRpc.request(JsonNodeFactory.instance.textNode(id), input.path("method").asText(),
                input.get("params") instanceof ObjectNode params ? params.deepCopy() : null));
        return answer;
    }

    private ObjectNode await(CompletableFuture<ObjectNode> answer, JsonNode input) throws UpstreamException {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UpstreamException(upstream, UpstreamException.Kind.TIMEOUT,
                    "its " + input.path("method").asText() + " was not answered in time");
        } catch (ExecutionException e) {
            throw new IllegalStateException("an answer future never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(upstream, UpstreamException.Kind.CLOSED, "interrupted", e);
        }
    }

    private static boolean isInputRequired(ObjectNode response) {
        return "input_required".equals(response.path("result").path("resultType").asText());
    }
}
