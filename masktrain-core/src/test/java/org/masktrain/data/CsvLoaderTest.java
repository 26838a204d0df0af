package org.masktrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.masktrain.InvalidInputException;

class CsvLoaderTest {

    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path path = dir.resolve("data.csv");
        Files.writeString(path, content);
        return path;
    }

    private String failure(String content) throws IOException {
        Path path = csv(content);
        return assertThrows(InvalidInputException.class, () -> CsvLoader.read(path, 100))
                .getMessage();
    }

    @Test
    void numbersWithoutHeader() throws IOException {
        Path path = csv("1,2,3\n-4.5, 5e-1 ,\t6\n\n.5,+7,8E2\n");

        CsvLoader.CsvTable table = CsvLoader.read(path, 100);

        assertFalse(table.hasHeader());
        assertEquals(3, table.totalRows());
        assertArrayEquals(new double[] {1, 2, 3, -4.5, 0.5, 6, 0.5, 7, 800},
                table.values().data());
    }

    @Test
    void quotedNumbersRead() throws IOException {
        Path path = csv("\"0.125\",\" 2\",1\n3,\"4\",0\n");

        CsvLoader.CsvTable table = CsvLoader.read(path, 100);

        assertArrayEquals(new double[] {0.125, 2, 1, 3, 4, 0}, table.values().data());
    }

    @Test
    void headerDetected() throws IOException {
        Path path = csv("\uFEFF\"x1\", x2 ,label\r\n1,2,0\r\n3,4,1\r\n");

        CsvLoader.CsvTable table = CsvLoader.read(path, 100);

        assertEquals(List.of("x1", "x2", "label"), table.header());
        assertEquals(2, table.values().rows());
        assertEquals(4, table.values().get(1, 1));
    }

    @Test
    void maxRowsCountsTheRest() throws IOException {
        Path path = csv("a,b\n1,2\n3,4\n5,6\nnot parsed, because beyond the limit\n");

        CsvLoader.CsvTable table = CsvLoader.read(path, 2);

        assertEquals(2, table.values().rows());
        assertEquals(4, table.totalRows());
    }

    @Test
    void nonNumericFieldNamed() throws IOException {
        String path = dir.resolve("data.csv").toString();

        assertEquals(path + " line 3, column 2: not a number: 'abc'; every field must be a "
                + "number, so encode class names as integers 0, 1, 2, ...",
                failure("1,2\n3,4\n5,abc\n"));
        assertEquals(path + " line 1, column 2: not a number: 'name'; every field must be a "
                + "number, so encode class names as integers 0, 1, 2, ...",
                failure("1,name\n3,4\n"));
    }

    @Test
    void raggedRowNamed() throws IOException {
        String message = failure("1,2,3\n4,5\n");

        assertTrue(message.endsWith("line 2: expected 3 fields, as on line 1, but found 2"),
                message);
    }

    @Test
    void nonFiniteValuesRejected() throws IOException {
        for (String text : new String[] {"NaN", "nan", "Infinity", "-inf", "1e999"}) {
            String message = failure("1,2\n3," + text + "\n");

            assertTrue(message.contains("line 2, column 2"), message);
            assertTrue(message.contains(text), message);
        }
    }

    @Test
    void emptyFieldRejected() throws IOException {
        String message = failure("1,2,3\n4,,6\n");

        assertTrue(message.endsWith("line 2, column 2: empty field; every field must be a number"),
                message);
    }

    @Test
    void javaOnlyNumberSyntaxRejected() throws IOException {
        for (String text : new String[] {"1d", "0x10", "1_000", "1.2.3"}) {
            String message = failure("1,2\n3," + text + "\n");

            assertTrue(message.contains("not a number: '" + text + "'"), message);
        }
    }

    @Test
    void semicolonSeparatorHinted() throws IOException {
        String semicolons = failure("1;2\n3;4\n");
        String spaces = failure("1 2\n3 4\n");

        assertTrue(semicolons.contains("line 1, column 1: not a number: '1;2' (fields must be "
                + "separated by commas)"), semicolons);
        assertTrue(spaces.contains("line 1, column 1: not a number: '1 2'"), spaces);
    }

    @Test
    void emptyAndHeaderOnlyFilesRejected() throws IOException {
        assertTrue(failure("").contains("the file is empty"));
        assertTrue(failure("\n  \n").contains("the file is empty"));
        assertTrue(failure("a,b\n").contains("header line but no data rows"));
    }
}
