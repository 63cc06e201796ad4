package dev.mcpproxy.cdk.foundation;

import static software.amazon.awscdk.services.logs.RetentionDays.*;

import dev.mcpproxy.cdk.environment.LogSettings;
import java.util.List;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Maps a validated number of days onto the CloudWatch Logs retention enum. */
public final class Retention {
    /** In the order of {@link LogSettings#ALLOWED_RETENTION_DAYS}. */
    private static final List<RetentionDays> VALUES = List.of(
            ONE_DAY, THREE_DAYS, FIVE_DAYS, ONE_WEEK, TWO_WEEKS, ONE_MONTH, TWO_MONTHS, THREE_MONTHS, FOUR_MONTHS,
            FIVE_MONTHS, SIX_MONTHS, ONE_YEAR, THIRTEEN_MONTHS, EIGHTEEN_MONTHS, TWO_YEARS, THREE_YEARS, FIVE_YEARS,
            SIX_YEARS, SEVEN_YEARS, EIGHT_YEARS, NINE_YEARS, TEN_YEARS);

    private Retention() {
    }

    public static RetentionDays ofDays(int days) {
        int index = LogSettings.ALLOWED_RETENTION_DAYS.indexOf(days);
        if (index < 0) {
            throw new IllegalArgumentException("not a CloudWatch Logs retention: " + days + " days");
        }
        return VALUES.get(index);
    }
}
