package org.masktrain;

/**
 * Bad user input: an option out of range, a malformed or unreadable data file, an inconsistent
 * configuration. The message is one line that names the value and what is accepted, so a
 * command-line front end can print it as it is and exit with status 2.
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
