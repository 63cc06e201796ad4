package dev.mcpproxy.proxy.governance.pii;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.math.BigInteger;

/** Generators of valid personal data in varied formats, for property tests. */
final class PiiValues {

    private PiiValues() {
    }

    static Arbitrary<String> any() {
        return Arbitraries.oneOf(emails(), cards(), ibans(), ssns(), phones());
    }

    static Arbitrary<String> emails() {
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').withChars("._+-0123456789")
                .ofMinLength(1).ofMaxLength(20)
                .filter(s -> Character.isLetter(s.charAt(0)) && Character.isLetter(s.charAt(s.length() - 1)));
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> tld = Arbitraries.of("com", "org", "io", "de", "co.uk", "example");
        return Combinators.combine(local, label, tld).as((l, d, t) -> l + "@" + d + "." + t);
    }

    static Arbitrary<String> cards() {
        Arbitrary<String> prefix = Arbitraries.of("4", "51", "55", "2221", "37", "6011", "35");
        Arbitrary<String> body = Arbitraries.strings().numeric().ofLength(14);
        Arbitrary<String> separator = Arbitraries.of("", " ", "-");
        return Combinators.combine(prefix, body, separator).as((p, b, sep) -> {
            String digits = withLuhnDigit((p + b).substring(0, 15));
            return sep.isEmpty() ? digits : String.join(sep, digits.split("(?<=\\G.{4})"));
        });
    }

    static Arbitrary<String> ibans() {
        return Arbitraries.strings().numeric().ofLength(18).map(bban -> {
            int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue();
            return "DE" + (check < 10 ? "0" : "") + check + bban;
        });
    }

    static Arbitrary<String> ssns() {
        return Combinators.combine(Arbitraries.integers().between(1, 665), Arbitraries.integers().between(1, 99),
                Arbitraries.integers().between(1, 9999)).as((a, g, s) -> "%03d-%02d-%04d".formatted(a, g, s));
    }

    static Arbitrary<String> phones() {
        return Arbitraries.of("+1 202-555-0143", "(202) 555-0143", "+44 20 7946 0958", "+49 30 901820",
                "+14155552671", "202.555.0143", "+33 1 42 68 53 00");
    }

    static String withLuhnDigit(String digits) {
        for (int d = 0; d <= 9; d++) {
            String candidate = digits + d;
            if (Checksums.luhn(candidate, 0, candidate.length())) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Luhn digit");
    }
}
