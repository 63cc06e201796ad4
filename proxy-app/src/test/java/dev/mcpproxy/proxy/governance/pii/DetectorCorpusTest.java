package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.testing.TestSecrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DetectorCorpusTest {
    private final PiiScanner scanner = new PiiScanner("US", List.of(
            new CustomDetector("employee", Pattern.compile("EMP-[0-9]{6}"), CheckDigits.NONE),
            new CustomDetector("account", Pattern.compile("ACC[0-9]{8}"), CheckDigits.LUHN)));

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            email   | Write to jane.doe@example.com today.            | jane.doe@example.com
            email   | "<ops+alerts@mail.corp.example.org>"            | ops+alerts@mail.corp.example.org
            email   | user_42@sub-domain.example.co.uk, thanks         | user_42@sub-domain.example.co.uk
            email   | mailto:Bob.Smith@Example.COM                     | Bob.Smith@Example.COM
            phone   | Call +1 202-555-0143 now                         | +1 202-555-0143
            phone   | phone: (202) 555-0143.                           | (202) 555-0143
            phone   | 202.555.0143 is the desk                         | 202.555.0143
            phone   | reach me at 202-555-0143 2 times                 | 202-555-0143
            phone   | UK office +44 20 7946 0958                       | +44 20 7946 0958
            phone   | DE: +49 30 901820                                | +49 30 901820
            phone   | compact +14155552671                             | +14155552671
            phone   | Paris +33 1 42 68 53 00                          | +33 1 42 68 53 00
            phone   | Zurich +41 44 668 18 00.                         | +41 44 668 18 00
            phone   | Tokyo +81 3-1234-5678                            | +81 3-1234-5678
            phone   | freephone +800 1234 5678                         | +800 1234 5678
            phone   | call 1-800-275-2273 now                          | 1-800-275-2273
            phone   | or 1 (800) 275-2273                              | 1 (800) 275-2273
            card    | card 4111 1111 1111 1111 exp 12/27               | 4111 1111 1111 1111
            card    | 4111-1111-1111-1111                              | 4111-1111-1111-1111
            card    | pay with 5555555555554444.                       | 5555555555554444
            card    | amex 3782 822463 10005                           | 3782 822463 10005
            card    | discover 6011111111111117                        | 6011111111111117
            card    | mc2 2223000048400011                             | 2223000048400011
            ssn     | SSN 123-45-6789 on file                          | 123-45-6789
            ssn     | ssn: 078 05 1120                                 | 078 05 1120
            iban    | IBAN DE89370400440532013000 please               | DE89370400440532013000
            iban    | to GB29 NWBK 6016 1331 9268 19.                  | GB29 NWBK 6016 1331 9268 19
            iban    | FR1420041010050500013M02606                      | FR1420041010050500013M02606
            iban    | NO9386011117947                                  | NO9386011117947
            ipv4    | host 192.168.1.20 is down                        | 192.168.1.20
            ipv4    | from 8.8.8.8.                                    | 8.8.8.8
            ipv6    | addr 2001:db8:85a3::8a2e:370:7334 ok             | 2001:db8:85a3::8a2e:370:7334
            ipv6    | peer fe80::1ff:fe23:4567:890a%eth0               | fe80::1ff:fe23:4567:890a
            ipv6    | bound to ::1                                     | ::1
            ipv6    | mapped ::ffff:192.0.2.128 seen                   | ::ffff:192.0.2.128
            ipv6    | full 2001:0db8:0000:0000:0000:ff00:0042:8329     | 2001:0db8:0000:0000:0000:ff00:0042:8329
            employee| badge EMP-004211 at gate                         | EMP-004211
            account | acct ACC79927398 (valid)                         | ACC79927398
            """)
    void findsTruePositives(String type, String text, String value) {
        List<Detection> detections = scanner.scan(text);

        assertThat(detections).hasSize(1);
        Detection detection = detections.getFirst();
        assertThat(detection.type()).isEqualTo(type);
        assertThat(text.substring(detection.start(), detection.end())).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "card 4111 1111 1111 1112 fails Luhn",
            "4111111111111112",
            "order 1000000000000009 shipped",
            "order id ORD-2024-000123",
            "ref ORD-4111111111111111",
            "invoice INV-2024-11-24-0042",
            "2024-11-24T19:55:52.123Z",
            "at 2024-11-24 19:55:52",
            "unix time 1732478152 and millis 1732478152123",
            "timestamp 20241124195552123",
            "version 1.2.3 and 10.0.19041.1 and v1.2.3.4",
            "build 2.14.3-SNAPSHOT+20241124",
            "serial SN-2231-8841-0093",
            "serial 1234-5678-90",
            "part no. 000-00-0000 and 666-12-3456 and 900-12-3456",
            "ssn-like 123-00-6789 and 123-45-0000",
            "clock 12:30:45 and 23:59",
            "mac 00:1A:2B:3C:4D:5E",
            "uuid 123e4567-e89b-12d3-a456-426614174000",
            "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "IBAN-like DE89370400440532013001 bad check",
            "GB29 NWBK 6016 1331 9268 1 too short",
            "not an email: user@localhost and @handle and a@b",
            "price 1,234.56 USD, qty 7, ratio 3/4",
            "ip-like 256.1.1.1 and 1.2.3 and 01.02.03.04",
            "phone-like 555-1234 and 123-456-7890",
            "account ACC79927399 fails Luhn",
            "coordinates 48.8566, 2.3522",
            "isbn 978-3-16-148410-0"
    })
    void ignoresNearMisses(String text) {
        assertThat(scanner.scan(text)).isEmpty();
    }

    /** Access key ids are made up at test time: none is ever written into the repository. */
    @ParameterizedTest
    @ValueSource(strings = {"AKIA", "ASIA"})
    void findsAwsAccessKeyIds(String prefix) {
        String keyId = TestSecrets.accessKeyId(prefix, 16);
        for (String text : List.of("key " + keyId + " leaked", "\"" + keyId + "\"")) {
            List<Detection> detections = scanner.scan(text);

            assertThat(detections).extracting(Detection::type).containsExactly("awskey");
            assertThat(text.substring(detections.getFirst().start(), detections.getFirst().end())).isEqualTo(keyId);
        }
    }

    @org.junit.jupiter.api.Test
    void ignoresAnAccessKeyPrefixWithTooFewCharacters() {
        assertThat(scanner.scan("AKIA prefix too short " + TestSecrets.accessKeyId("AKIA", 9))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jane@example.com 4111111111111111 +1 202-555-0143 | email,card,phone
            192.168.0.1, 10.0.0.2 and DE89370400440532013000  | ipv4,ipv4,iban
            """)
    void findsSeveralInOrder(String text, String types) {
        assertThat(scanner.scan(text)).extracting(Detection::type).containsExactly(types.split(","));
    }

    @org.junit.jupiter.api.Test
    void prefersTheLongerThenTheMoreSpecificDetection() {
        // The card's digits also form a phone-like run; the longer card wins.
        assertThat(scanner.scan("4111 1111 1111 1111")).extracting(Detection::type).containsExactly("card");
        List<Detection> tie = PiiScanner.resolve(new java.util.ArrayList<>(List.of(
                new Detection("phone", 0, 10, 20), new Detection("card", 0, 10, 70), new Detection("ipv4", 5, 12, 30))));
        assertThat(tie).extracting(Detection::type).containsExactly("card");
    }
}
