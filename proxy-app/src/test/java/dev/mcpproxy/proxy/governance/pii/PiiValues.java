package dev.mcpproxy.proxy.governance.pii;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generators of valid personal data in varied formats, for property tests; seeded, so failures reproduce. */
final class PiiValues {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final List<String> TLDS = List.of("com", "org", "io", "de", "co.uk", "example");
    private static final List<String> CARD_PREFIXES = List.of("4", "51", "55", "2221", "37", "6011", "35");
    private static final List<String> PHONES = List.of("+1 202-555-0143", "(202) 555-0143", "+44 20 7946 0958",
            "+49 30 901820", "+14155552671", "202.555.0143", "+33 1 42 68 53 00");

    private final Random random;

    PiiValues(Random random) {
        this.random = random;
    }

    /** One to four values of any kind. */
    List<String> someValues() {
        List<String> values = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            values.add(any());
        }
        return values;
    }

    String any() {
        return switch (random.nextInt(5)) {
            case 0 -> email();
            case 1 -> card();
            case 2 -> iban();
            case 3 -> ssn();
            default -> phone();
        };
    }

    String email() {
        String local = random.nextInt(4) == 0 ? String.valueOf(letter())
                : letter() + chars(LOWER + "._+-0123456789", random.nextInt(19)) + letter();
        String label = chars(LOWER, 1 + random.nextInt(12));
        return local + "@" + label + "." + pick(TLDS);
    }

    String card() {
        String digits = withLuhnDigit((pick(CARD_PREFIXES) + digits(14)).substring(0, 15));
        String separator = pick(List.of("", " ", "-"));
        return separator.isEmpty() ? digits : String.join(separator, digits.split("(?<=\\G.{4})"));
    }

    String iban() {
        String bban = digits(18);
        int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue();
        return "DE" + (check < 10 ? "0" : "") + check + bban;
    }

    String ssn() {
        return "%03d-%02d-%04d".formatted(1 + random.nextInt(665), 1 + random.nextInt(99), 1 + random.nextInt(9999));
    }

    String phone() {
        return pick(PHONES);
    }

    /** Up to {@code maxLength} characters drawn from {@code alphabet}. */
    String text(String alphabet, int maxLength) {
        return chars(alphabet, random.nextInt(maxLength + 1));
    }

    /**
     * Any string up to 40 UTF-16 units: mostly printable ASCII, with some Latin-1, other BMP
     * characters, surrogate pairs and control characters mixed in.
     */
    String anyString() {
        int length = random.nextInt(41);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            switch (random.nextInt(10)) {
                case 0 -> text.append((char) (0xA0 + random.nextInt(0x60)));
                case 1 -> text.append((char) (0x100 + random.nextInt(0xD000)));
                case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x1000));
                case 3 -> text.append((char) random.nextInt(0x20));
                default -> text.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return text.toString();
    }

    String letters(int maxLength) {
        return text(LOWER + LOWER.toUpperCase(java.util.Locale.ROOT), maxLength);
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
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

    private char letter() {
        return LOWER.charAt(random.nextInt(LOWER.length()));
    }

    private String digits(int length) {
        return chars("0123456789", length);
    }

    private String chars(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
