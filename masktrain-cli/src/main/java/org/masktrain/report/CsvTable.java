package org.masktrain.report;

import java.util.Arrays;
import java.util.List;

/**
 * A numeric CSV file: a header row of column names and rows of numbers, all of the header's
 * length.
 *
 * @param header the column names
 * @param rows the values, row by row
 */
public record CsvTable(List<String> header, List<double[]> rows) {

    /** Copies the lists. */
    public CsvTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** Returns the values of column {@code name}, or null when there is no such column. */
    public double[] column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            return null;
        }
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i)[index];
        }
        return values;
    }

    /** Returns the number of data rows. */
    public int size() {
        return rows.size();
    }

    @Override
    public String toString() {
        return "CsvTable" + header + " x " + rows.size() + (rows.isEmpty() ? ""
                : ", first " + Arrays.toString(rows.get(0)));
    }
}
