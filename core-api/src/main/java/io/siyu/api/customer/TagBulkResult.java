package io.siyu.api.customer;

/**
 * The outcome of tagging or untagging many customers.
 *
 * @param requested customers named (or segment members found)
 * @param changed customers whose tags changed; the others already were as asked
 */
public record TagBulkResult(long requested, long changed) {
}
