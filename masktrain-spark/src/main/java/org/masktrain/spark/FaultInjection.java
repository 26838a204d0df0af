package org.masktrain.spark;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.masktrain.InvalidInputException;

/**
 * Failures that tests inject into chosen sub-network tasks, to check retries and lost
 * sub-networks. Read on the driver from two Spark configuration keys, each a comma-separated
 * list of {@code round:subnet} pairs (rounds and sub-networks from 0):
 * {@value #FIRST_ATTEMPT_KEY} fails attempt 0 of those tasks, and {@value #EVERY_ATTEMPT_KEY}
 * fails every attempt. Both are empty unless set.
 */
final class FaultInjection implements Serializable {

    static final String FIRST_ATTEMPT_KEY = "spark.masktrain.test.failFirstAttempt";
    static final String EVERY_ATTEMPT_KEY = "spark.masktrain.test.failEveryAttempt";

    private static final long serialVersionUID = 1L;

    private final Set<Long> firstAttempt;
    private final Set<Long> everyAttempt;

    private FaultInjection(Set<Long> firstAttempt, Set<Long> everyAttempt) {
        this.firstAttempt = firstAttempt;
        this.everyAttempt = everyAttempt;
    }

    /** Reads the two keys from {@code conf}. */
    static FaultInjection from(SparkConf conf) {
        return new FaultInjection(parse(FIRST_ATTEMPT_KEY, conf.get(FIRST_ATTEMPT_KEY, "")),
                parse(EVERY_ATTEMPT_KEY, conf.get(EVERY_ATTEMPT_KEY, "")));
    }

    /**
     * Throws {@link InjectedFailure} when the task of {@code round} and {@code subnet} is to
     * fail on attempt {@code attempt}.
     */
    void apply(int round, int subnet, int attempt) {
        long key = key(round, subnet);
        if (everyAttempt.contains(key) || (attempt == 0 && firstAttempt.contains(key))) {
            throw new InjectedFailure("injected failure of round " + round + ", sub-network "
                    + subnet + ", attempt " + attempt);
        }
    }

    private static Set<Long> parse(String name, String value) {
        Set<Long> keys = new HashSet<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.trim().split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException(pair);
                }
                keys.add(key(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(name + ": invalid pair '" + pair
                        + "'; expected round:subnet, such as 0:1");
            }
        }
        return keys;
    }

    private static long key(int round, int subnet) {
        return ((long) round << 32) | (subnet & 0xFFFFFFFFL);
    }

    /** The exception an injected failure throws inside a task. */
    static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
