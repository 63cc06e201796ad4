package dev.mcpproxy.proxy.governance.pii;

import java.util.HashMap;
import java.util.Map;

import static dev.mcpproxy.proxy.governance.pii.Boundaries.isDigit;

/**
 * IBANs, compact or printed in groups of four: the country's registered length and the mod-97
 * check must both hold.
 */
final class IbanMatcher extends AnchoredMatcher {
    /** SWIFT IBAN registry: country code and total length. */
    private static final String REGISTRY = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 "
            + "CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 "
            + "HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 "
            + "MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 "
            + "SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
    private static final Map<String, Integer> LENGTHS = new HashMap<>();

    static {
        for (String entry : REGISTRY.split(" ")) {
            LENGTHS.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
    }

    IbanMatcher() {
        super("iban", 80);
    }

    @Override
    int matchEnd(String s, int start) {
        int n = s.length();
        if (start + 15 > n || !isDigit(s.charAt(start + 2)) || !isDigit(s.charAt(start + 3))) {
            return -1;
        }
        Integer length = LENGTHS.get(s.substring(start, start + 2));
        if (length == null) {
            return -1;
        }
        boolean grouped = s.charAt(start + 4) == ' ';
        int i = start;
        for (int taken = 0; taken < length; taken++) {
            if (grouped && taken > 0 && taken % 4 == 0) {
                if (i >= n || s.charAt(i) != ' ') {
                    return -1;
                }
                i++;
            }
            if (i >= n || !isUpperAlnum(s.charAt(i))) {
                return -1;
            }
            i++;
        }
        return Boundaries.endsToken(s, i) && Checksums.mod97(s, start, i) ? i : -1;
    }

    private static boolean isUpperAlnum(char c) {
        return isDigit(c) || (c >= 'A' && c <= 'Z');
    }
}
