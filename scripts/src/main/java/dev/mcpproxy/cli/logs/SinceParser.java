package dev.mcpproxy.cli.logs;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --since}: a duration back from now ({@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}) or an ISO-8601 instant. */
public final class SinceParser implements ITypeConverter<Since> {

    private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhd])");

    @Override
    public Since convert(String value) {
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration duration = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now -> now.minus(duration);
        }
        try {
            Instant instant = Instant.parse(value);
            return now -> instant;
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is neither a duration like 10m, 2h, 1d nor an instant like 2026-01-31T12:00:00Z");
        }
    }
}
