package dev.mcpproxy.proxy.governance.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;

import static dev.mcpproxy.proxy.governance.pii.Boundaries.isDigit;

/**
 * Phone numbers: international ({@code +} and country code) in any grouping, and the default
 * region's national formats when written in groups ({@code (202) 555-0143}, {@code 020 7946 0958}).
 * A cheap scan finds the candidate; Google's libphonenumber then decides whether it is a valid
 * number grouped the way that country writes it, so dates, serials and version strings with the
 * right digit count still fall through.
 */
final class PhoneMatcher implements AnchoredMatcher {
    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    private static final int MIN_DIGITS = 7;
    private static final int MAX_DIGITS = 15;
    private static final int MAX_LENGTH = 32;

    private final String defaultRegion;

    PhoneMatcher(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    @Override
    public String type() {
        return "phone";
    }

    @Override
    public int specificity() {
        return 20;
    }

    @Override
    public int matchEnd(String s, int start) {
        int end = candidateEnd(s, start);
        // Shorten by whole groups: "call 202-555-0143 2 times" must still find the number.
        while (end > start) {
            if (isNumber(s, start, end)) {
                return end;
            }
            int j = end;
            while (j > start && !isSeparator(s.charAt(j - 1))) {
                j--;
            }
            while (j > start && isSeparator(s.charAt(j - 1))) {
                j--;
            }
            end = j;
        }
        return -1;
    }

    /** The longest run of digits, separators and parentheses from {@code start} that could be a number. */
    private static int candidateEnd(String s, int start) {
        int n = s.length();
        int i = start;
        if (s.charAt(i) == '+') {
            i++;
        }
        int end = -1;
        int digits = 0;
        boolean open = false;
        while (i < n && i - start < MAX_LENGTH) {
            char c = s.charAt(i);
            char previous = i > start ? s.charAt(i - 1) : ' ';
            if (isDigit(c)) {
                if (++digits > MAX_DIGITS) {
                    break;
                }
                end = i + 1;
            } else if (c == '(') {
                if (open || !(i + 1 < n && isDigit(s.charAt(i + 1))) || isDigit(previous)) {
                    break;
                }
                open = true;
            } else if (c == ')') {
                if (!open || !isDigit(previous)) {
                    break;
                }
                open = false;
                end = i + 1;
            } else if (c == ' ' || c == '-' || c == '.') {
                if (!(isDigit(previous) || (previous == ')' && c != '.'))) {
                    break;
                }
            } else {
                break;
            }
            i++;
        }
        return end;
    }

    private boolean isNumber(String s, int start, int end) {
        int digits = 0;
        boolean grouped = s.charAt(start) == '+';
        int open = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                digits++;
            } else {
                grouped = true;
                open += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
        }
        if (digits < MIN_DIGITS || digits > MAX_DIGITS || !grouped || open != 0 || !Boundaries.endsToken(s, end)) {
            return false;
        }
        String candidate = s.substring(start, end);
        for (PhoneNumberMatch match : PHONE_NUMBERS.findNumbers(candidate, defaultRegion, Leniency.STRICT_GROUPING, 1)) {
            return match.start() == 0 && match.end() == candidate.length();
        }
        return false;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+';
    }
}
