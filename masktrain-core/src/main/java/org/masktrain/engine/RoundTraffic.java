package org.masktrain.engine;

/**
 * Traffic of one round of a distributed engine, beside the cost of shipping the whole model to
 * every sub-network. Byte counts are the serialized task and result payloads. The scheduler's
 * own framing (task descriptions, closures, acknowledgements) is not included.
 *
 * @param tasks the sub-network tasks sent, retries not counted
 * @param bytesSent the payload bytes sent to executors: active rows of W and a, their indices
 *     and a fixed header per task
 * @param bytesReceived the payload bytes returned: trained rows of W and local losses
 * @param wholeModelBytesSent what sending every task the full W and a would take,
 *     {@code p * 8 * m * (d + c)} plus the same headers
 * @param wholeModelBytesReceived what returning the full W from every task would take,
 *     {@code p * 8 * m * d} plus the same local losses and headers
 * @param failedAttempts task attempts that failed and were run again or given up
 * @param lostSubnetworks sub-networks whose every attempt failed and whose neurons were left
 *     unchanged (only under {@link LostSubnetworkPolicy#SKIP})
 */
public record RoundTraffic(int tasks, long bytesSent, long bytesReceived,
        long wholeModelBytesSent, long wholeModelBytesReceived, int failedAttempts,
        int lostSubnetworks) {

    /** Column names of these fields in {@code metrics.csv}, in field order. */
    public static final String CSV_HEADER = "tasks,bytes_sent,bytes_received,"
            + "whole_model_bytes_sent,whole_model_bytes_received,failed_attempts,lost_subnets";

    /** Returns the fields as one CSV row, in the order of {@link #CSV_HEADER}. */
    public String toCsv() {
        return tasks + "," + bytesSent + "," + bytesReceived + "," + wholeModelBytesSent + ","
                + wholeModelBytesReceived + "," + failedAttempts + "," + lostSubnetworks;
    }
}
