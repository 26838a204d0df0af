package org.masktrain;

/**
 * Bad user input: an option out of range, a malformed or unreadable data file, an inconsistent
 * configuration. The message is one line that names the value and what is accepted, so a
 * command-line front end can print it as it is and exit with status 2. Control characters in
 * the message, which a damaged file can bring into it, are replaced by Java-style Unicode
 * escapes (a backslash, the letter u and four hexadecimal digits).
 */
public class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(escapeControlCharacters(message));
    }

    public InvalidInputException(String message, Throwable cause) {
        super(escapeControlCharacters(message), cause);
    }

    private static String escapeControlCharacters(String message) {
        if (message == null || message.chars().noneMatch(Character::isISOControl)) {
            return message;
        }
        StringBuilder text = new StringBuilder(message.length() + 16);
        for (int i = 0; i < message.length(); i++) {
            char character = message.charAt(i);
            if (Character.isISOControl(character)) {
                text.append(String.format("\\u%04x", (int) character));
            } else {
                text.append(character);
            }
        }
        return text.toString();
    }
}
