package org.masktrain.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Traffic of one round of a distributed engine (or the sum over rounds), beside the cost of
 * shipping the whole model to every sub-network. Byte counts are the serialized task and result
 * payloads. The scheduler's own framing (task descriptions, closures, acknowledgements) is not
 * included.
 *
 * @param tasks the sub-network tasks sent, retries not counted
 * @param numbersSent the entries of W and a sent: {@code sum_l h_l (d + c)}
 * @param numbersReceived the entries of W returned: {@code sum_l h_l d}, over the sub-networks
 *     that returned
 * @param bytesSent the payload bytes sent to executors: active rows of W and a, their indices
 *     and a fixed header per task
 * @param bytesReceived the payload bytes returned: trained rows of W and local losses
 * @param wholeModelBytesSent what sending every task the full W and a would take,
 *     {@code p * 8 * m * (d + c)} plus the same indices and headers
 * @param wholeModelBytesReceived what returning the full W from every task would take,
 *     {@code p * 8 * m * d} plus the same local losses and headers
 * @param failedAttempts task attempts that failed and were run again or given up
 * @param lostSubnetworks sub-networks whose every attempt failed and whose neurons were left
 *     unchanged (only under {@link LostSubnetworkPolicy#SKIP})
 */
public record RoundTraffic(long tasks, long numbersSent, long numbersReceived, long bytesSent,
        long bytesReceived, long wholeModelBytesSent, long wholeModelBytesReceived,
        long failedAttempts, long lostSubnetworks) {

    /** No traffic, as in round 0. */
    public static final RoundTraffic NONE = new RoundTraffic(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Column names of these fields in {@code metrics.csv}, in field order. */
    public static final String CSV_HEADER = String.join(",", NONE.toMap().keySet());

    /** Returns the field-by-field sum of this traffic and {@code other}. */
    public RoundTraffic plus(RoundTraffic other) {
        return new RoundTraffic(tasks + other.tasks, numbersSent + other.numbersSent,
                numbersReceived + other.numbersReceived, bytesSent + other.bytesSent,
                bytesReceived + other.bytesReceived,
                wholeModelBytesSent + other.wholeModelBytesSent,
                wholeModelBytesReceived + other.wholeModelBytesReceived,
                failedAttempts + other.failedAttempts, lostSubnetworks + other.lostSubnetworks);
    }

    /** Returns the fields under their {@code metrics.csv} column names, in field order. */
    public Map<String, Long> toMap() {
        Map<String, Long> fields = new LinkedHashMap<>();
        fields.put("tasks", tasks);
        fields.put("numbers_sent", numbersSent);
        fields.put("numbers_received", numbersReceived);
        fields.put("bytes_sent", bytesSent);
        fields.put("bytes_received", bytesReceived);
        fields.put("whole_model_bytes_sent", wholeModelBytesSent);
        fields.put("whole_model_bytes_received", wholeModelBytesReceived);
        fields.put("failed_attempts", failedAttempts);
        fields.put("lost_subnets", lostSubnetworks);
        return fields;
    }

    /** Returns the fields as one CSV row, in the order of {@link #CSV_HEADER}. */
    public String toCsv() {
        StringBuilder row = new StringBuilder();
        for (long value : toMap().values()) {
            row.append(row.length() == 0 ? "" : ",").append(value);
        }
        return row.toString();
    }
}
