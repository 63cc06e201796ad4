package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.KeysetHandle;
import dev.mcpproxy.proxy.governance.GovernanceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of tokenization, each checked on a few hundred generated cases; every case has its
 * own seed, named when it fails, so a failure reproduces.
 */
class TokenizationPropertiesTest {
    private static final long SEED = 0x5EED_2026_1124L;
    private static final int CASES = 300;
    private static final String FILLER_CHARS = "abcdefghijklmnopqrstuvwxyz ,;!?\"'()";
    private static final KeysetHandle KEYSET = PiiKeysetLoader.generate();

    private final PiiTokenizer tokenizer = tokenizer(KEYSET);
    private final ArgumentProtector protector = new ArgumentProtector(new PiiScanner("US", List.of()), tokenizer);
    private final ToolRules tokenizeAll = new ToolRules(Map.of(), List.of(), List.of(), false);

    @Test
    void textWithEmbeddedPiiComesBackIdentical() {
        forAll(generate -> {
            List<String> fillers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fillers.add(generate.text(FILLER_CHARS, 30));
            }
            List<String> values = generate.someValues();
            String text = interleave(fillers, values);

            String tokenized = protect(text);

            for (String value : values) {
                assertThat(tokenized).doesNotContain(value);
            }
            assertThat(tokenizer.restore(tokenized, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(text);
        });
    }

    @Test
    void arbitraryTextComesBackIdentical() {
        forAll(generate -> {
            String text = generate.anyString();

            assertThat(tokenizer.restore(protect(text), PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(text);
        });
    }

    @Test
    void anyValueRoundTripsWherever() {
        forAll(generate -> {
            String value = generate.anyString();
            String before = generate.letters(20);
            String after = generate.letters(20);

            String token = tokenizer.tokenize("email", value);

            assertThat(tokenizer.restore(before + token + after, PiiTokenizer.RestoreCounter.IGNORE))
                    .isEqualTo(before + value + after);
            assertThat(tokenizer.restore(token.toUpperCase(Locale.ROOT), PiiTokenizer.RestoreCounter.IGNORE))
                    .isEqualTo(value);
        });
    }

    @Test
    void tokenizingIsDeterministicAcrossInstancesSharingTheKeyset() {
        PiiTokenizer otherInstance = tokenizer(reparsed(KEYSET));
        forAll(generate -> {
            for (String value : generate.someValues()) {
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
        forAll(generate -> {
            String token = tokenizer.tokenize("email", generate.any());
            int payloadStart = "pii_email_".length();
            int at = payloadStart + generate.between(0, 1000) % (token.length() - 1 - payloadStart);
            String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
            char altered = alphabet.charAt((alphabet.indexOf(token.charAt(at)) + generate.between(1, 31)) % 32);
            String forged = token.substring(0, at) + altered + token.substring(at + 1);

            assertThat(tokenizer.restore(forged, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(forged);
            String relabelled = token.replace("pii_email_", "pii_phone_");
            assertThat(tokenizer.restore(relabelled, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(relabelled);
            assertThat(foreign.restore(token, PiiTokenizer.RestoreCounter.IGNORE)).isEqualTo(token);
        });
    }

    private static void forAll(ThrowingConsumer<PiiValues> property) {
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            try {
                property.accept(new PiiValues(new Random(seed)));
            } catch (Throwable failure) {
                throw new AssertionError("case " + i + " (new Random(" + seed + "L)) fails: " + failure.getMessage(),
                        failure);
            }
        }
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
