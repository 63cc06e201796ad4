package dev.mcpproxy.proxy.governance.pii;

import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;
import org.quicktheories.impl.Constraint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * QuickTheories generators of valid personal data in varied formats, and of the text around it.
 * Every choice is drawn from the library's randomness source, so a failing case shrinks (shorter
 * strings, earlier alphabet characters, fewer values) and replays from its seed.
 */
final class PiiValues {
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final List<String> TLDS = List.of("com", "org", "io", "de", "co.uk", "example");
    private static final List<String> CARD_PREFIXES = List.of("4", "51", "55", "2221", "37", "6011", "35");
    private static final List<String> PHONES = List.of("+1 202-555-0143", "(202) 555-0143", "+44 20 7946 0958",
            "+49 30 901820", "+14155552671", "202.555.0143", "+33 1 42 68 53 00");

    private PiiValues() {
    }

    /** One to four values of any kind. */
    static Gen<List<String>> someValues() {
        return listOf(any(), 1, 4);
    }

    static Gen<String> any() {
        return Generate.oneOf(email(), card(), iban(), ssn(), phone());
    }

    static Gen<String> email() {
        return in -> {
            String local = draw(in, 0, 3) == 0 ? chars(LOWER, 1, 1).generate(in)
                    : chars(LOWER, 1, 1).generate(in) + chars(LOWER + "._+-0123456789", 0, 18).generate(in)
                    + chars(LOWER, 1, 1).generate(in);
            return local + "@" + chars(LOWER, 1, 12).generate(in) + "." + Generate.pick(TLDS).generate(in);
        };
    }

    static Gen<String> card() {
        return in -> {
            String digits = withLuhnDigit((Generate.pick(CARD_PREFIXES).generate(in) + digits(14).generate(in))
                    .substring(0, 15));
            String separator = Generate.pick(List.of("", " ", "-")).generate(in);
            return separator.isEmpty() ? digits : String.join(separator, digits.split("(?<=\\G.{4})"));
        };
    }

    static Gen<String> iban() {
        return digits(18).map(bban -> {
            int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue();
            return "DE" + (check < 10 ? "0" : "") + check + bban;
        });
    }

    static Gen<String> ssn() {
        return in -> "%03d-%02d-%04d".formatted(draw(in, 1, 665), draw(in, 1, 99), draw(in, 1, 9999));
    }

    static Gen<String> phone() {
        return Generate.pick(PHONES);
    }

    /** Between {@code minLength} and {@code maxLength} characters drawn from {@code alphabet}. */
    static Gen<String> chars(String alphabet, int minLength, int maxLength) {
        return in -> {
            int length = draw(in, minLength, maxLength);
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                out.append(alphabet.charAt(draw(in, 0, alphabet.length() - 1)));
            }
            return out.toString();
        };
    }

    /** Up to {@code maxLength} characters drawn from {@code alphabet}. */
    static Gen<String> text(String alphabet, int maxLength) {
        return chars(alphabet, 0, maxLength);
    }

    static Gen<String> letters(int maxLength) {
        return text(LOWER + LOWER.toUpperCase(Locale.ROOT), maxLength);
    }

    /**
     * Any string up to 40 UTF-16 units: mostly printable ASCII, with some Latin-1, other BMP
     * characters, surrogate pairs and control characters mixed in.
     */
    static Gen<String> anyString() {
        return in -> {
            int length = draw(in, 0, 40);
            StringBuilder text = new StringBuilder(length);
            while (text.length() < length) {
                switch (draw(in, 0, 9)) {
                    case 1 -> text.append((char) draw(in, 0xA0, 0xFF));
                    case 2 -> text.append((char) draw(in, 0x100, 0xD0FF));
                    case 3 -> text.appendCodePoint(draw(in, 0x10000, 0x10FFF));
                    case 4 -> text.append((char) draw(in, 0, 0x1F));
                    default -> text.append((char) draw(in, 0x20, 0x7E));
                }
            }
            return text.toString();
        };
    }

    /** A token type: a detector's name, or any custom one the format allows (letters and digits, up to 32). */
    static Gen<String> type() {
        return Generate.oneOf(Generate.pick(List.of("email", "card", "iban", "ssn", "phone")),
                chars(LOWER + "0123456789", 1, 32));
    }

    static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        return in -> {
            int size = draw(in, minSize, maxSize);
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(element.generate(in));
            }
            return values;
        };
    }

    static int draw(RandomnessSource in, int min, int max) {
        return (int) in.next(Constraint.between(min, max));
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

    private static Gen<String> digits(int length) {
        return chars("0123456789", length, length);
    }
}
