package dev.mcpproxy.proxy.governance.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds personal data in a string in one pass. Built-in detectors are tried only where their
 * first char can start a value at a token boundary, and each looks at a bounded window, so the
 * scan is linear in the input. Overlaps are resolved deterministically: longest first, then the
 * more specific detector, then the earlier one.
 */
public final class PiiScanner {
    /** Built-in detector names, in the order documented. */
    public static final List<String> BUILT_IN = List.of("email", "phone", "card", "ssn", "iban", "ipv4", "ipv6", "awskey");

    private static final byte DIGIT = 1;
    private static final byte PHONE_START = 2;
    private static final byte UPPER = 3;
    private static final byte UPPER_HEX = 4;
    private static final byte HEX_OR_COLON = 5;
    private static final byte[] TRIGGERS = new byte[128];
    private static final Comparator<Detection> PRECEDENCE = Comparator.comparingInt(Detection::length).reversed()
            .thenComparing(Comparator.comparingInt(Detection::specificity).reversed())
            .thenComparingInt(Detection::start);

    static {
        for (char c = '0'; c <= '9'; c++) {
            TRIGGERS[c] = DIGIT;
        }
        TRIGGERS['+'] = PHONE_START;
        TRIGGERS['('] = PHONE_START;
        for (char c = 'A'; c <= 'Z'; c++) {
            TRIGGERS[c] = c <= 'F' ? UPPER_HEX : UPPER;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            TRIGGERS[c] = HEX_OR_COLON;
        }
        TRIGGERS[':'] = HEX_OR_COLON;
    }

    private final EmailMatcher email = new EmailMatcher();
    private final CardMatcher card = new CardMatcher();
    private final SsnMatcher ssn = new SsnMatcher();
    private final Ipv4Matcher ipv4 = new Ipv4Matcher();
    private final Ipv6Matcher ipv6 = new Ipv6Matcher();
    private final IbanMatcher iban = new IbanMatcher();
    private final AwsAccessKeyMatcher awsKey = new AwsAccessKeyMatcher();
    private final PhoneMatcher phone;
    private final List<CustomDetector> custom;

    /**
     * @param phoneRegion ISO 3166 region whose national phone formats are recognised, e.g. {@code US}
     * @param custom      detectors from configuration
     */
    PiiScanner(String phoneRegion, List<CustomDetector> custom) {
        this.phone = new PhoneMatcher(phoneRegion);
        this.custom = List.copyOf(custom);
    }

    /** The built-in detectors plus the configured custom ones. */
    public static PiiScanner of(PiiConfig config) {
        List<CustomDetector> custom = config.detectors().stream()
                .filter(PiiDetectorConfig::isCustom)
                .map(d -> new CustomDetector(d.name(), Pattern.compile(d.pattern()), CheckDigits.named(d.validator())))
                .toList();
        return new PiiScanner(config.phoneRegion(), custom);
    }

    /** Non-overlapping detections, ordered by position; empty when the string holds none. */
    public List<Detection> scan(String s) {
        List<Detection> found = new ArrayList<>(0);
        int n = s.length();
        // Phone validation is the costliest check: no phone is tried inside a value already found.
        int covered = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '@') {
                add(found, email.matchAround(s, i));
                continue;
            }
            if (c >= 128 || TRIGGERS[c] == 0 || !Boundaries.startsToken(s, i)) {
                continue;
            }
            // Cheap shape checks keep most starts away from the matchers.
            switch (TRIGGERS[c]) {
                case DIGIT -> {
                    int run = i + 1;
                    while (run < n && run - i <= 19 && Boundaries.isDigit(s.charAt(run))) {
                        run++;
                    }
                    int digits = run - i;
                    char next = run < n ? s.charAt(run) : 0;
                    if (digits >= 4) {
                        covered = Math.max(covered, add(found, s, i, card));
                    }
                    if (digits == 3 && (next == '-' || next == ' ')) {
                        covered = Math.max(covered, add(found, s, i, ssn));
                    }
                    if (digits <= 3 && next == '.') {
                        covered = Math.max(covered, add(found, s, i, ipv4));
                    }
                    if (Ipv6Matcher.colonWithinFirstHextet(s, i)) {
                        covered = Math.max(covered, add(found, s, i, ipv6));
                    }
                    if (i >= covered && startsGroupedNumber(s, run, next)) {
                        covered = Math.max(covered, add(found, s, i, phone));
                    }
                }
                case PHONE_START -> {
                    if (i >= covered && i + 1 < n && Boundaries.isDigit(s.charAt(i + 1))) {
                        covered = Math.max(covered, add(found, s, i, phone));
                    }
                }
                case UPPER, UPPER_HEX -> {
                    if (c == 'A') {
                        add(found, s, i, awsKey);
                    }
                    if (i + 3 < n && s.charAt(i + 1) >= 'A' && s.charAt(i + 1) <= 'Z'
                            && Boundaries.isDigit(s.charAt(i + 2)) && Boundaries.isDigit(s.charAt(i + 3))) {
                        add(found, s, i, iban);
                    }
                    if (TRIGGERS[c] == UPPER_HEX && Ipv6Matcher.colonWithinFirstHextet(s, i)) {
                        add(found, s, i, ipv6);
                    }
                }
                default -> {
                    if (Ipv6Matcher.colonWithinFirstHextet(s, i)) {
                        add(found, s, i, ipv6);
                    }
                }
            }
        }
        for (CustomDetector detector : custom) {
            detector.findAll(s, found);
        }
        return resolve(found);
    }

    /** A national phone number written from a digit starts with a group and a separator before more digits. */
    private static boolean startsGroupedNumber(String s, int runEnd, char next) {
        return (next == ' ' || next == '-' || next == '.') && runEnd + 1 < s.length()
                && (Boundaries.isDigit(s.charAt(runEnd + 1)) || s.charAt(runEnd + 1) == '(');
    }

    /** Adds the matcher's detection at {@code start}, if any; returns its end or -1. */
    private static int add(List<Detection> found, String s, int start, AnchoredMatcher matcher) {
        int end = matcher.matchEnd(s, start);
        if (end > start) {
            found.add(new Detection(matcher.type(), start, end, matcher.specificity()));
        }
        return end;
    }

    private static void add(List<Detection> found, Detection detection) {
        if (detection != null) {
            found.add(detection);
        }
    }

    static List<Detection> resolve(List<Detection> found) {
        if (found.size() <= 1) {
            return found;
        }
        List<Detection> byPrecedence = new ArrayList<>(found);
        byPrecedence.sort(PRECEDENCE);
        TreeMap<Integer, Detection> chosen = new TreeMap<>();
        for (Detection candidate : byPrecedence) {
            Map.Entry<Integer, Detection> before = chosen.floorEntry(candidate.start());
            Map.Entry<Integer, Detection> after = chosen.ceilingEntry(candidate.start());
            boolean free = (before == null || !before.getValue().overlaps(candidate))
                    && (after == null || !after.getValue().overlaps(candidate));
            if (free) {
                chosen.put(candidate.start(), candidate);
            }
        }
        return new ArrayList<>(chosen.values());
    }
}
