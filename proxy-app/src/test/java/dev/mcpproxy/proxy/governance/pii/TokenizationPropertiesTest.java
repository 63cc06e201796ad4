package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import dev.mcpproxy.proxy.governance.GovernanceException;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.mcpproxy.proxy.governance.pii.PiiValues.LOWER;
import static dev.mcpproxy.proxy.governance.pii.PiiValues.draw;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of tokenization and of the token format, checked with QuickTheories on 300
 * generated cases each (QT_EXAMPLES overrides). A failure reports the smallest counterexample
 * found by shrinking and the seed; {@code -DQT_SEED=<seed>} replays the run.
 */
class TokenizationPropertiesTest {
    private static final int CASES = 300;
    private static final String FILLER_CHARS = "abcdefghijklmnopqrstuvwxyz ,;!?\"'()";
    private static final String NOT_BASE32 = " .,;:!?\"')]}>/&#=+-*01890\n\t";
    private static final KeysetHandle KEYSET = PiiKeysetLoader.generate();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PiiTokenizer tokenizer = tokenizer(KEYSET);
    private final ArgumentProtector protector = new ArgumentProtector(new PiiScanner("US", List.of()), tokenizer);
    private final ToolRules tokenizeAll = new ToolRules(Map.of(), List.of(), List.of(), false);

    @Test
    void textWithEmbeddedPiiComesBackIdentical() {
        qt().forAll(PiiValues.listOf(PiiValues.text(FILLER_CHARS, 30), 5, 5), PiiValues.someValues())
                .checkAssert((fillers, values) -> {
                    String text = interleave(fillers, values);

                    String tokenized = protect(text);

                    assertThat(tokenized).doesNotContain(values);
                    assertThat(restore(tokenized)).isEqualTo(text);
                });
    }

    @Test
    void arbitraryTextComesBackIdentical() {
        qt().forAll(PiiValues.anyString()).checkAssert(text -> assertThat(restore(protect(text))).isEqualTo(text));
    }

    @Test
    void anyValueRoundTripsWherever() {
        qt().forAll(PiiValues.anyString(), PiiValues.letters(20), PiiValues.letters(20))
                .checkAssert((value, before, after) -> {
                    String token = tokenizer.tokenize("email", value);

                    assertThat(restore(before + token + after)).isEqualTo(before + value + after);
                    assertThat(restore(token.toUpperCase(Locale.ROOT))).isEqualTo(value);
                });
    }

    /** A backend quotes a token back: in quotes or brackets, before punctuation, in any case, its closing underscore lost. */
    @Test
    void quotedBackTokensComeBackAsTheirValues() {
        Gen<String> quotes = Generate.pick(List.of("\"%s\"", "'%s'", "`%s`", "«%s»", "“%s”", "(%s)", "[%s]", "{%s}",
                "<%s>", "**%s**", "%s.", "%s,", "%s:", "%s!", "%s?", "%s's", "%sxyz", "%s123", "%s_", "\\\"%s\\\""));
        qt().forAll(PiiValues.type(), PiiValues.anyString(), quotes, PiiValues.chars(NOT_BASE32, 1, 3))
                .checkAssert((type, value, quote, next) -> {
                    String token = tokenizer.tokenize(type, value);
                    String unterminated = token.substring(0, token.length() - 1);

                    assertThat(restore("He said " + quote.formatted(token) + " twice"))
                            .isEqualTo("He said " + quote.formatted(value) + " twice");
                    assertThat(restore(quote.formatted(token.toUpperCase(Locale.ROOT))))
                            .isEqualTo(quote.formatted(value));
                    assertThat(restore("was " + unterminated + next)).isEqualTo("was " + value + next);
                });
    }

    /** An answer that quotes the tokenized arguments back (an echo, a summary) carries the caller's own text. */
    @Test
    void anAnswerQuotingTheTokenizedArgumentsComesBackAsTheOriginal() {
        qt().forAll(PiiValues.listOf(PiiValues.text(FILLER_CHARS, 30), 5, 5), PiiValues.someValues(),
                        PiiValues.text(FILLER_CHARS, 40))
                .checkAssert((fillers, values, frame) -> {
                    String text = interleave(fillers, values);

                    String answer = "You wrote: \"" + protect(text) + "\" " + frame;

                    assertThat(restore(answer)).isEqualTo("You wrote: \"" + text + "\" " + frame);
                });
    }

    /** A string argument that holds a JSON document stays the same JSON document, and comes back byte for byte. */
    @Test
    void jsonInsideAnArgumentStaysValidAndComesBackIdentical() {
        qt().forAll(PiiValues.someValues(), PiiValues.listOf(PiiValues.text(FILLER_CHARS, 20), 1, 3))
                .checkAssert((values, notes) -> {
                    ObjectNode document = JSON.createObjectNode();
                    ArrayNode contacts = document.putArray("contacts");
                    values.forEach(value -> contacts.addObject().put("value", value).put("note", "of " + value));
                    notes.forEach(document.putArray("notes")::add);
                    String text = write(document);

                    String tokenized = protect(text);

                    assertThat(tokenized).doesNotContain(values);
                    JsonNode parsed = read(tokenized);
                    assertThat(fieldNames(parsed)).isEqualTo(fieldNames(document));
                    assertThat(parsed.path("contacts").size()).isEqualTo(values.size());
                    assertThat(restore(tokenized)).isEqualTo(text);
                });
    }

    /**
     * Tokens in a result's JSON: as string values anywhere in structured content (restored node by
     * node, whatever the value), and inside JSON written as text, where a token needs no escaping.
     */
    @Test
    void tokensEmbeddedInJsonAreRestored() {
        ResultRestorer restorer = new ResultRestorer(tokenizer);
        qt().forAll(PiiValues.listOf(PiiValues.anyString(), 1, 4), PiiValues.someValues(), PiiValues.letters(10))
                .checkAssert((anyValues, piiValues, around) -> {
                    ObjectNode result = JSON.createObjectNode();
                    ObjectNode expected = JSON.createObjectNode();
                    ArrayNode rows = result.putObject("structuredContent").putArray("rows");
                    ArrayNode expectedRows = expected.putObject("structuredContent").putArray("rows");
                    for (int i = 0; i < anyValues.size(); i++) {
                        String token = tokenizer.tokenize("custom" + i, anyValues.get(i));
                        rows.addObject().put("field" + i, around + token + around).putArray("list").add(token);
                        expectedRows.addObject().put("field" + i, around + anyValues.get(i) + around)
                                .putArray("list").add(anyValues.get(i));
                    }
                    ObjectNode document = JSON.createObjectNode();
                    ObjectNode expectedDocument = JSON.createObjectNode();
                    for (int i = 0; i < piiValues.size(); i++) {
                        String token = tokenizer.tokenize("email", piiValues.get(i));
                        assertThat(write(JSON.getNodeFactory().textNode(token))).isEqualTo("\"" + token + "\"");
                        document.put("k" + i, token);
                        expectedDocument.put("k" + i, piiValues.get(i));
                    }
                    result.putArray("content").addObject().put("type", "text").put("text", write(document));
                    expected.putArray("content").addObject().put("type", "text").put("text", write(expectedDocument));

                    restorer.restore(result, new PiiTally());

                    assertThat(result).isEqualTo(expected);
                    assertThat(read(result.at("/content/0/text").textValue())).isEqualTo(expectedDocument);
                });
    }

    /** A token needs no percent-encoding, so it survives in a URL's path, query and fragment, and comes back in place. */
    @Test
    void tokensInUrlsNeedNoEncodingAndComeBack() {
        qt().forAll(PiiValues.type(), PiiValues.anyString(), PiiValues.someValues(), PiiValues.chars(LOWER, 1, 10))
                .checkAssert((type, value, piiValues, word) -> {
                    String token = tokenizer.tokenize(type, value);
                    String url = "https://crm.example.com/customers/" + token + "/notes?q=" + word + "&owner=" + token
                            + "#" + token;

                    assertThat(URLEncoder.encode(token, StandardCharsets.UTF_8)).isEqualTo(token);
                    URI uri = URI.create(url);
                    assertThat(uri.getPath()).isEqualTo("/customers/" + token + "/notes");
                    assertThat(uri.getQuery()).isEqualTo("q=" + word + "&owner=" + token);
                    assertThat(uri.getFragment()).isEqualTo(token);
                    assertThat(restore(url)).isEqualTo(url.replace(token, value));

                    StringBuilder withPii = new StringBuilder("see https://crm.example.com/find?");
                    for (int i = 0; i < piiValues.size(); i++) {
                        withPii.append(i == 0 ? "" : "&").append(word).append(i).append('=').append(piiValues.get(i));
                    }
                    String text = withPii.append(" today").toString();
                    String tokenized = protect(text);
                    assertThat(tokenized).doesNotContain(piiValues);
                    assertThat(restore(tokenized)).isEqualTo(text);
                });
    }

    /** Rows of personal data in CSV keep their fields when tokenized (a token holds no separator or quote) and come back identical. */
    @Test
    void csvRowsKeepTheirFieldsAndComeBackIdentical() {
        Gen<List<List<String>>> rows = PiiValues.listOf(PiiValues.listOf(PiiValues.any(), 1, 4), 1, 4);
        qt().forAll(rows, Generate.pick(List.of(",", ";", "\t")), Generate.pick(List.of("\n", "\r\n")),
                        Generate.booleans())
                .checkAssert((table, separator, lineEnd, quoted) -> {
                    StringBuilder csv = new StringBuilder("id" + separator + "value" + lineEnd);
                    for (int row = 0; row < table.size(); row++) {
                        csv.append(row);
                        for (String value : table.get(row)) {
                            csv.append(separator).append(quoted ? "\"" + value + "\"" : value);
                        }
                        csv.append(lineEnd);
                    }
                    String text = csv.toString();

                    String tokenized = protect(text);

                    assertThat(tokenized).doesNotContain(table.stream().flatMap(List::stream).toList());
                    assertThat(fieldCounts(tokenized, separator)).isEqualTo(fieldCounts(text, separator));
                    assertThat(restore(tokenized)).isEqualTo(text);
                    String token = tokenizer.tokenize("email", table.get(0).get(0));
                    assertThat(restore("\"" + token + "\"" + separator + token + lineEnd))
                            .isEqualTo("\"" + table.get(0).get(0) + "\"" + separator + table.get(0).get(0) + lineEnd);
                });
    }

    @Test
    void tokenizingIsDeterministicAcrossInstancesSharingTheKeyset() {
        PiiTokenizer otherInstance = tokenizer(reparsed(KEYSET));
        qt().forAll(PiiValues.someValues()).checkAssert(values -> {
            for (String value : values) {
                String token = tokenizer.tokenize("card", value);
                assertThat(tokenizer.tokenize("card", value)).isEqualTo(token);
                assertThat(otherInstance.tokenize("card", value)).isEqualTo(token);
                assertThat(otherInstance.restore(token, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(value);
            }
        });
    }

    @Test
    void alteredTokensAreNeverRestored() {
        PiiTokenizer foreign = tokenizer(PiiKeysetLoader.generate());
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        Gen<Integer> position = in -> draw(in, 0, 1000);
        Gen<Integer> shift = in -> draw(in, 1, 31);
        qt().forAll(PiiValues.any(), position, shift).checkAssert((value, offset, by) -> {
            String token = tokenizer.tokenize("email", value);
            int payloadStart = "pii_email_".length();
            int at = payloadStart + offset % (token.length() - 1 - payloadStart);
            char altered = alphabet.charAt((alphabet.indexOf(token.charAt(at)) + by) % 32);
            String forged = token.substring(0, at) + altered + token.substring(at + 1);

            assertThat(restore(forged)).isEqualTo(forged);
            String relabelled = token.replace("pii_email_", "pii_phone_");
            assertThat(restore(relabelled)).isEqualTo(relabelled);
            assertThat(foreign.restore(token, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(token);
        });
    }

    /** 300 cases unless QT_EXAMPLES says otherwise; the seed is QuickTheories' (QT_SEED to replay). */
    private static QuickTheory qt() {
        QuickTheory theory = QuickTheory.qt();
        return System.getProperty(Configuration.EXAMPLES) == null ? theory.withExamples(CASES) : theory;
    }

    private static String interleave(List<String> fillers, List<String> values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fillers.size(); i++) {
            text.append(fillers.get(i));
            if (i < values.size()) {
                text.append(' ').append(values.get(i)).append(' ');
            }
        }
        return text.toString();
    }

    private static List<Integer> fieldCounts(String csv, String separator) {
        List<Integer> counts = new ArrayList<>();
        for (String line : csv.split("\r?\n")) {
            counts.add(line.split(separator, -1).length);
        }
        return counts;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                names.add(name);
                names.addAll(fieldNames(node.get(name)));
            }
        } else if (node.isArray()) {
            node.forEach(child -> names.addAll(fieldNames(child)));
        }
        return names;
    }

    private String protect(String text) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("text", text);
        try {
            protector.protect(arguments, tokenizeAll, new PiiTally());
        } catch (GovernanceException e) {
            throw new AssertionError(e);
        }
        return arguments.get("text").textValue();
    }

    private String restore(String text) {
        return tokenizer.restore(text, PiiTokenizer.RestoreCounter.IGNORE);
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static KeysetHandle reparsed(KeysetHandle keyset) {
        return new PiiKeysetLoader(name -> PiiKeysetLoader.toJson(keyset), region -> {
            throw new AssertionError("no AWS here");
        }).load(new PiiKeysetConfig("KEYSET", null, null));
    }

    private static PiiTokenizer tokenizer(KeysetHandle keyset) {
        try {
            return new PiiTokenizer(keyset);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
