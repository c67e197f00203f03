package io.siyu.api.customer;

import java.util.Objects;

/**
 * What is wrong with one cell or row of an imported CSV. {@code row} counts records as a spreadsheet
 * does (the header is row 1); {@code column} is the header name (e.g. {@code identity:phone},
 * {@code attr:birthday}) or empty when the problem is the row as a whole (e.g. an identity conflict).
 */
public record ImportProblem(long row, String column, String message) {
    public ImportProblem {
        column = column == null ? "" : column;
        Objects.requireNonNull(message, "message");
    }
}
