package org.passerelle.helloasso;

/**
 * HelloAsso's page description. {@code pageIndex} is 1-based; uncounted lists report -1 totals;
 * {@code continuationToken} (nullable) asks for the next page.
 */
public record Pagination(int pageSize, int totalCount, int pageIndex, int totalPages, String continuationToken) {
}
