package org.masktrain.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a standalone master accepts TCP connections before Spark starts, because Spark
 * 4.0 retries an unreachable master for about 60 s, logs each failure with a stack trace and
 * then returns a stopped context.
 */
final class MasterConnection {

    /** Time allowed to open a TCP connection to one master address. */
    static final int TIMEOUT_SECONDS = 10;

    private MasterConnection() {
    }

    /**
     * Returns normally when {@code master} is not a {@code spark://} URL or when at least one of
     * its HOST:PORT addresses accepts a TCP connection within {@value #TIMEOUT_SECONDS} s.
     *
     * @throws IllegalStateException naming the master and each address's error otherwise
     */
    static void requireReachable(String master) {
        // A master from spark-submit has not passed SparkSettings.checkMaster, so Spark reports
        // a malformed one itself.
        if (!master.startsWith("spark://") || !SparkSettings.isValidMaster(master)) {
            return;
        }
        List<String> errors = new ArrayList<>();
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(address.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), TIMEOUT_SECONDS * 1000);
                return;
            } catch (UnknownHostException e) {
                errors.add(address + ": unknown host");
            } catch (IOException e) {
                errors.add(address + ": " + e.getMessage());
            }
        }
        throw new IllegalStateException("could not connect to the Spark master " + master
                + " within " + TIMEOUT_SECONDS + " s (" + String.join("; ", errors) + "); check "
                + "that the master runs and that --master gives the URL from its log");
    }
}
