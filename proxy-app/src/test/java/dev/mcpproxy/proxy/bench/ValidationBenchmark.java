package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.validation.ValidationConfig;
import dev.mcpproxy.proxy.governance.validation.ValidationStage;
import dev.mcpproxy.proxy.identity.Principal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One {@code tools/call}'s input validation ({@link ValidationStage#onRequest}, schema compiled and
 * cached), for a small argument object and for a larger one (a nested array of 50 records), so
 * the cost of handing each argument tree to the schema validator shows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidationBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"type":"object","required":["customerId"],"properties":{
              "customerId":{"type":"string","pattern":"^c-[0-9]+$"},
              "amount":{"type":"integer","maximum":100000},
              "note":{"type":"string","maxLength":200},
              "lines":{"type":"array","items":{"type":"object","required":["sku","qty"],"properties":{
                "sku":{"type":"string"},"qty":{"type":"integer","minimum":1},"price":{"type":"number"}}}}}}""";

    @Param({"small", "large"})
    public String arguments;

    private ValidationStage stage;
    private ObjectNode descriptor;
    private ObjectNode params;

    @Setup
    public void setUp() throws Exception {
        stage = ValidationStage.create(ValidationConfig.DEFAULTS);
        descriptor = (ObjectNode) JSON.readTree("{\"name\":\"order\",\"inputSchema\":" + SCHEMA + "}");
        StringBuilder args = new StringBuilder("{\"customerId\":\"c-17\",\"amount\":5,\"note\":\"rush\"");
        if (arguments.equals("large")) {
            args.append(",\"lines\":[");
            for (int i = 0; i < 50; i++) {
                args.append(i == 0 ? "" : ",").append("{\"sku\":\"sku-").append(i).append("\",\"qty\":").append(i + 1)
                        .append(",\"price\":").append(i * 1.25).append('}');
            }
            args.append(']');
        }
        params = (ObjectNode) JSON.readTree("{\"name\":\"order\",\"arguments\":" + args.append('}') + "}");
    }

    @Benchmark
    public Object validate() throws GovernanceException {
        Exchange exchange = new Exchange("tools/call", params, Principal.ANONYMOUS, null, IntNode.valueOf(1),
                new AuditEvent()).route("crm", "order", "order", descriptor);
        stage.onRequest(exchange);
        return exchange;
    }
}
