package dev.mcpproxy.proxy.governance.pii;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import static dev.mcpproxy.proxy.governance.pii.Boundaries.isDigit;

/**
 * Phone numbers: international ({@code +} and country code) in any grouping, and the default
 * region's national formats when written in groups ({@code (202) 555-0143}, {@code 020 7946 0958}).
 * A cheap scan finds the candidate; Google's libphonenumber's metadata then decides whether it is
 * a valid number (national ones also grouped the way the country writes them), so dates, serials
 * and version strings with the right digit count still fall through. The candidate is split into
 * country code and national number here rather than by libphonenumber's text parser, which costs
 * tens of microseconds a call.
 */
final class PhoneMatcher extends AnchoredMatcher {
    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    private static final int MIN_DIGITS = 7;
    private static final int MAX_DIGITS = 15;
    private static final int MAX_LENGTH = 32;

    private static final String UNKNOWN_REGION = "ZZ";

    private final String region;
    private final int countryCode;
    private final String nationalPrefix;

    PhoneMatcher(String defaultRegion) {
        super("phone", 20);
        this.region = defaultRegion;
        this.countryCode = PHONE_NUMBERS.getCountryCodeForRegion(defaultRegion);
        this.nationalPrefix = PHONE_NUMBERS.getNddPrefixForRegion(defaultRegion, true);
    }

    @Override
    int matchEnd(String s, int start) {
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
        boolean international = s.charAt(start) == '+';
        boolean grouped = international;
        int digitCount = 0;
        int open = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                digitCount++;
            } else {
                grouped = true;
                open += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
        }
        if (digitCount < MIN_DIGITS || digitCount > MAX_DIGITS || !grouped || open != 0
                || !Boundaries.endsToken(s, end)) {
            return false;
        }
        StringBuilder digits = new StringBuilder(digitCount);
        for (int i = start; i < end; i++) {
            if (isDigit(s.charAt(i))) {
                digits.append(s.charAt(i));
            }
        }
        if (international) {
            PhoneNumber number = international(digits);
            return number != null && isValid(number);
        }
        // With and without the national prefix (the "1" of 1-800-..., the "0" of 020 ...).
        if (nationalPrefix != null && digits.length() > nationalPrefix.length() + MIN_DIGITS - 1
                && digits.indexOf(nationalPrefix) == 0) {
            PhoneNumber stripped = number(countryCode, digits.substring(nationalPrefix.length()));
            if (isValidHere(stripped)) {
                return groupedAsFormatted(s, start, end, stripped);
            }
        }
        PhoneNumber number = number(countryCode, digits.toString());
        return isValidHere(number) && groupedAsFormatted(s, start, end, number);
    }

    /** A national number of the default region (cheaper than finding its region among those sharing the code). */
    private boolean isValidHere(PhoneNumber number) {
        return PHONE_NUMBERS.isPossibleNumberWithReason(number) == ValidationResult.IS_POSSIBLE
                && PHONE_NUMBERS.isValidNumberForRegion(number, region);
    }

    /** The length check is cheap and rules out most candidates before the pattern-based validation. */
    private static boolean isValid(PhoneNumber number) {
        return PHONE_NUMBERS.isPossibleNumberWithReason(number) == ValidationResult.IS_POSSIBLE
                && PHONE_NUMBERS.isValidNumber(number);
    }

    /** Country calling codes are prefix-free: the first one to name a region is it. */
    private static PhoneNumber international(CharSequence digits) {
        for (int length = 1; length <= 3; length++) {
            int code = Integer.parseInt(digits, 0, length, 10);
            if (!UNKNOWN_REGION.equals(PHONE_NUMBERS.getRegionCodeForCountryCode(code))) {
                return number(code, digits.subSequence(length, digits.length()).toString());
            }
        }
        return null;
    }

    private static PhoneNumber number(int countryCode, String national) {
        PhoneNumber number = new PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
        int zeros = 0;
        while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
            zeros++;
        }
        if (zeros > 0) {
            number.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        }
        return number;
    }

    /**
     * National numbers must be grouped as the country writes them (groups may be merged, never
     * split elsewhere), which tells {@code (202) 555-0143} from the date {@code 2024-11-24 19}.
     */
    private static boolean groupedAsFormatted(String s, int start, int end, PhoneNumber number) {
        String formatted = PHONE_NUMBERS.format(number, PhoneNumberFormat.NATIONAL);
        long expected = groupEnds(formatted, 0, formatted.length());
        long written = groupEnds(s, start, end);
        int formattedDigits = digitCount(formatted);
        int writtenDigits = digitCount(s.subSequence(start, end));
        int shift = writtenDigits - formattedDigits;
        if (shift < 0) {
            return false;
        }
        // A written national prefix must be a group of its own; the rest must fall on formatted boundaries.
        if (shift > 0) {
            if ((written & (1L << shift)) == 0) {
                return false;
            }
            written = (written >>> shift) & ~1L;
        }
        return (written & ~expected) == 0;
    }

    /** Bit i set: a group of digits ends after the i-th digit (the last digit excluded). */
    private static long groupEnds(CharSequence s, int start, int end) {
        long ends = 0;
        int digits = 0;
        boolean pending = false;
        for (int i = start; i < end; i++) {
            if (isDigit(s.charAt(i))) {
                if (pending) {
                    ends |= 1L << digits;
                    pending = false;
                }
                digits++;
            } else if (digits > 0) {
                pending = true;
            }
        }
        return ends;
    }

    private static int digitCount(CharSequence s) {
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+';
    }
}
