package org.masktrain.io;

import java.io.IOException;

/**
 * A consumer whose body may throw {@link IOException}, used by writers that hand the caller an
 * open stream.
 *
 * @param <T> the type of the value passed to the body
 */
@FunctionalInterface
public interface IoConsumer<T> {

    /**
     * Runs the body on {@code value}.
     *
     * @param value the value to consume, typically an open stream the body writes to
     * @throws IOException when writing fails
     */
    void accept(T value) throws IOException;
}
