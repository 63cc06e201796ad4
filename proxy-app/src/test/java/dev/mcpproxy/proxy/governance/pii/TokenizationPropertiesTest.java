package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import dev.mcpproxy.proxy.governance.GovernanceException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizationProperties {
    private static final KeysetHandle KEYSET = PiiKeysetLoader.generate();
    private final PiiTokenizer tokenizer = tokenizer(KEYSET);
    private final ArgumentProtector protector = new ArgumentProtector(new PiiScanner("US", List.of()), tokenizer);
    private final ToolRules tokenizeAll = new ToolRules(Map.of(), List.of(), List.of(), false);

    @Property
    void textWithEmbeddedPiiComesBackIdentical(@ForAll("fillers") List<String> fillers, @ForAll("pii") List<String> values)
            throws GovernanceException {
        String text = interleave(fillers, values);

        String tokenized = protect(text);

        for (String value : values) {
            assertThat(tokenized).doesNotContain(value);
        }
        assertThat(tokenizer.restore(tokenized, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(text);
    }

    @Property
    void arbitraryTextComesBackIdentical(@ForAll String text) throws GovernanceException {
        assertThat(tokenizer.restore(protect(text), PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(text);
    }

    @Property
    void anyValueRoundTripsWherever(@ForAll String value, @ForAll @AlphaChars String before,
                                    @ForAll @AlphaChars String after) {
        String token = tokenizer.tokenize("email", value);

        assertThat(tokenizer.restore(before + token + after, PiiTokenizer.RestoreCounter.IGNORE))
                .isEqualTo(before + value + after);
        assertThat(tokenizer.restore(token.toUpperCase(java.util.Locale.ROOT), PiiTokenizer.RestoreCounter.IGNORE))
                .isEqualTo(value);
    }

    @Property
    void tokenizingIsDeterministicAcrossInstancesSharingTheKeyset(@ForAll("pii") List<String> values) {
        PiiTokenizer otherInstance = tokenizer(reparsed(KEYSET));
        for (String value : values) {
            String token = tokenizer.tokenize("card", value);
            assertThat(tokenizer.tokenize("card", value)).isEqualTo(token);
            assertThat(otherInstance.tokenize("card", value)).isEqualTo(token);
            assertThat(otherInstance.restore(token, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(value);
        }
    }

    @Property
    void alteredTokensAreNeverRestored(@ForAll("pii") List<String> values, @ForAll @IntRange(min = 0, max = 1000) int where,
                                       @ForAll @IntRange(min = 1, max = 31) int shift) {
        String token = tokenizer.tokenize("email", values.getFirst());
        int payloadStart = "pii_email_".length();
        int at = payloadStart + where % (token.length() - 1 - payloadStart);
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        char altered = alphabet.charAt((alphabet.indexOf(token.charAt(at)) + shift) % 32);
        String forged = token.substring(0, at) + altered + token.substring(at + 1);

        assertThat(tokenizer.restore(forged, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(forged);
        String relabelled = token.replace("pii_email_", "pii_phone_");
        assertThat(tokenizer.restore(relabelled, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(relabelled);
        assertThat(tokenizer(PiiKeysetLoader.generate()).restore(token, PiiTokenizer.RestoreCounter.IGNORE))
                .isEqualTo(token);
    }

    @Provide
    Arbitrary<List<String>> pii() {
        return PiiValues.any().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<String>> fillers() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(" ,;!?\"'()").ofMaxLength(30).list().ofSize(5);
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

    private String protect(String text) throws GovernanceException {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("text", text);
        protector.protect(arguments, tokenizeAll, new PiiTally());
        return arguments.get("text").textValue();
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
