package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.governance.pii.DetokenizeAuthorizer;
import dev.mcpproxy.proxy.governance.pii.PiiConfig;
import dev.mcpproxy.proxy.governance.pii.PiiKeysetLoader;
import dev.mcpproxy.proxy.governance.pii.PiiScanner;
import dev.mcpproxy.proxy.governance.pii.PiiStage;
import dev.mcpproxy.proxy.governance.pii.PiiTokenizer;
import dev.mcpproxy.proxy.identity.Principal;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PII scanning and tokenization. {@code scanBuiltIns} and {@code naiveRegexPerDetector} scan the
 * same strings of a realistic tool-call argument document; their ratio is the point. Run:
 * see docs/benchmarks/pii.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PiiBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Pattern> NAIVE_PATTERNS = List.of(
            Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"),
            Pattern.compile("\\+?\\d[\\d ().-]{6,18}\\d"),
            Pattern.compile("\\b(?:\\d[ -]?){12,18}\\d\\b"),
            Pattern.compile("\\b\\d{3}[- ]\\d{2}[- ]\\d{4}\\b"),
            Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b"),
            Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b"),
            Pattern.compile("(?i)\\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\\b"),
            Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b"));

    /** Bytes of string content scanned per {@code scanBuiltIns} / {@code naiveRegexPerDetector} call. */
    public static final int SCANNED_CHARS;
    private static final ObjectNode ARGUMENTS;
    private static final List<String> STRINGS = new ArrayList<>();

    private static final ObjectNode RESULT;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        ARGUMENTS = realisticArguments();
        collectStrings(ARGUMENTS, STRINGS);
        SCANNED_CHARS = STRINGS.stream().mapToInt(String::length).sum();
        RESULT = JSON.createObjectNode();
        RESULT.putArray("content").addObject().put("type", "text").put("text", ARGUMENTS.toString());
        RESULT.set("structuredContent", ARGUMENTS.deepCopy());
    }

    private PiiScanner scanner;
    private PiiTokenizer tokenizer;
    private PiiStage stage;
    private String[] values;
    private String[] tokens;
    private int next;

    @Setup
    public void setUp() throws GeneralSecurityException {
        PiiConfig config = PiiConfig.defaults();
        scanner = PiiScanner.of(config);
        tokenizer = new PiiTokenizer(PiiKeysetLoader.generate());
        stage = new PiiStage(config, tokenizer, DetokenizeAuthorizer.NOBODY);
        values = new String[64];
        tokens = new String[64];
        Random random = new Random(42);
        for (int i = 0; i < values.length; i++) {
            values[i] = "customer" + random.nextInt(1_000_000) + "@example.com";
            tokens[i] = tokenizer.tokenize("email", values[i]);
        }
    }

    @Benchmark
    public void scanBuiltIns(Blackhole blackhole) {
        for (String s : STRINGS) {
            blackhole.consume(scanner.scan(s));
        }
    }

    /**
     * {@code scanBuiltIns} timed in CPU time of the benchmark thread: on a machine whose cores other
     * work shares, wall-clock throughput says how much of a core the benchmark got, CPU time what a
     * core does. Characters scanned per CPU nanosecond = {@code scannedChars / cpuNanos}.
     */
    @Benchmark
    public void scanBuiltInsCpuTime(Blackhole blackhole, CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (String s : STRINGS) {
            blackhole.consume(scanner.scan(s));
        }
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.scannedChars += SCANNED_CHARS;
    }

    /** The same for the baseline, so the ratio holds in CPU time too. */
    @Benchmark
    public int naiveRegexPerDetectorCpuTime(CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        int found = naiveRegexPerDetector();
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.scannedChars += SCANNED_CHARS;
        return found;
    }

    /** CPU nanoseconds spent and characters scanned, summed over an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuNanos;
        public long scannedChars;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            scannedChars = 0;
        }
    }

    @Benchmark
    public int naiveRegexPerDetector() {
        int found = 0;
        for (String s : STRINGS) {
            for (Pattern pattern : NAIVE_PATTERNS) {
                Matcher matcher = pattern.matcher(s);
                while (matcher.find()) {
                    found++;
                }
            }
        }
        return found;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    public String tokenize() {
        return tokenizer.tokenize("email", values[next++ & 63]);
    }

    @Benchmark
    public String restore() {
        return tokenizer.restore(tokens[next++ & 63], PiiTokenizer.RestoreCounter.IGNORE);
    }

    /** The whole request side: copy of the arguments, scan, tokenize, write back. */
    @Benchmark
    public ObjectNode stageOnRequest() throws GovernanceException {
        ObjectNode params = JSON.createObjectNode().put("name", "crm__update");
        params.set("arguments", ARGUMENTS.deepCopy());
        stage.onRequest(new Exchange("tools/call", params, Principal.ANONYMOUS, null, null, new AuditEvent())
                .route("crm", "crm__update", "update", null));
        return params;
    }

    /**
     * The result side for a caller who may not see personal data: copy of a tool result holding the
     * same document as structured content and as text, scan, tokenize, write back.
     */
    @Benchmark
    public ObjectNode stageOnResult() {
        ObjectNode result = RESULT.deepCopy();
        stage.onResult(new Exchange("tools/call", JSON.createObjectNode().put("name", "crm__get"), Principal.ANONYMOUS,
                null, null, new AuditEvent()).route("crm", "crm__get", "get", null), result);
        return result;
    }

    /** The copy of that result alone, to subtract from {@code stageOnResult}. */
    @Benchmark
    public ObjectNode resultCopyOnly() {
        return RESULT.deepCopy();
    }

    /** The copy alone, to subtract from {@code stageOnRequest}. */
    @Benchmark
    public ObjectNode copyOnly() {
        ObjectNode params = JSON.createObjectNode().put("name", "crm__update");
        params.set("arguments", ARGUMENTS.deepCopy());
        return params;
    }

    /**
     * A CRM update as an agent would send it: a long free-text note, a few structured fields,
     * ids, dates, amounts and versions, with a handful of personal data items among them.
     */
    static ObjectNode realisticArguments() {
        String[] prose = {
                "The customer called about order ORD-2024-118273 which shipped on 2024-11-02 and arrived damaged. ",
                "We agreed to send a replacement at no cost and to refund the shipping fee of 12.50 EUR. ",
                "Ticket INC-448812 was escalated to tier 2 at 14:32 because the tracking page showed an error. ",
                "Firmware 4.12.3 is installed; the device serial is SN-2231-8841-0093 and the warranty runs until 2026. ",
                "Follow-up scheduled for next Tuesday; the account manager will confirm the new delivery window. ",
                "Previous interactions: 3 calls, 2 e-mails and one chat transcript, all resolved within SLA. ",
                "The build 2.14.3-SNAPSHOT+20241124 was used to reproduce; see https://status.example.com/incidents/8812 for details. ",
                "Quantities: 4 units at 129.99 each, total 519.96, discount code WINTER24 applied. ",
        };
        String[] personal = {
                "Contact: jane.doe@example.com or +1 202-555-0143. ",
                "Card on file 4111 1111 1111 1111, refund to IBAN DE89370400440532013000. ",
                "Login came from 203.0.113.45. ",
                "Second contact (202) 555-0188, SSN 123-45-6789 for the credit check. ",
        };
        StringBuilder note = new StringBuilder();
        Random random = new Random(7);
        for (int i = 0; i < 80; i++) {
            note.append(i % 10 == 9 ? personal[random.nextInt(personal.length)] : prose[random.nextInt(prose.length)]);
        }
        ObjectNode arguments = JSON.createObjectNode();
        arguments.put("ticketId", "INC-448812").put("priority", 2).put("note", note.toString());
        ObjectNode customer = arguments.putObject("customer");
        customer.put("name", "Jane Doe").put("email", "jane.doe@example.com").put("phone", "+44 20 7946 0958")
                .put("since", "2019-04-17T09:30:00Z").put("tier", "gold");
        ArrayNode items = arguments.putArray("items");
        for (int i = 0; i < 20; i++) {
            items.addObject().put("sku", "SKU-" + (100_000 + i * 37)).put("qty", 1 + i % 3)
                    .put("description", prose[i % prose.length]);
        }
        return arguments;
    }

    private static void collectStrings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.textValue());
        }
        node.forEach(child -> collectStrings(child, into));
    }

    /** Prints the corpus size, for turning ops/s into MB/s. */
    public static void main(String[] args) {
        System.out.println("scanned chars per op: " + SCANNED_CHARS + ", strings: " + STRINGS.size());
    }
}
