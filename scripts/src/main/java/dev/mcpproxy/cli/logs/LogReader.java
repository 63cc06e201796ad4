package dev.mcpproxy.cli.logs;

import dev.mcpproxy.cli.aws.AwsFailures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Reads a log group's events through FilterLogEvents, following pages. */
public final class LogReader {

    private final CloudWatchLogsClient logs;

    public LogReader(CloudWatchLogsClient logs) {
        this.logs = logs;
    }

    /**
     * @param filter a CloudWatch Logs filter pattern
     * @param limit at most this many events (the earliest ones)
     * @return the events in time order; none when the group does not exist yet (nothing was logged)
     */
    public List<LogLine> read(String logGroup, Instant start, Optional<String> filter, int limit) {
        List<LogLine> lines = new ArrayList<>();
        String nextToken = null;
        try {
            do {
                String token = nextToken;
                FilterLogEventsResponse page = AwsFailures.call("reading log group " + logGroup + " (logs:FilterLogEvents)",
                        () -> logs.filterLogEvents(r -> {
                            r.logGroupName(logGroup).startTime(start.toEpochMilli()).nextToken(token)
                                    .limit(Math.min(limit, 10_000));
                            filter.ifPresent(r::filterPattern);
                        }));
                for (FilteredLogEvent event : page.events()) {
                    if (lines.size() < limit) {
                        lines.add(new LogLine(event.eventId(), Instant.ofEpochMilli(event.timestamp()),
                                event.logStreamName(), event.message()));
                    }
                }
                nextToken = page.nextToken();
            } while (nextToken != null && lines.size() < limit);
        } catch (dev.mcpproxy.cli.CliException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return List.of();
            }
            throw e;
        }
        return lines;
    }
}
