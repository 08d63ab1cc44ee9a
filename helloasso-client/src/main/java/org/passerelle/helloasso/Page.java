package org.passerelle.helloasso;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One page of a list, able to fetch the following ones lazily. It never asks past the last page, because HelloAsso
 * answers 500 there: the last page is the one whose index reaches the page count, or an empty one.
 */
public final class Page<T> {
    private final List<T> data;
    private final Pagination pagination;
    private final Function<Page<T>, Page<T>> nextPageFetcher;

    /**
     * @param nextPageFetcher fetches the page after the one given; null when there is none to fetch
     */
    public Page(List<T> data, Pagination pagination, Function<Page<T>, Page<T>> nextPageFetcher) {
        this.data = data == null ? List.of() : List.copyOf(data);
        this.pagination = pagination;
        this.nextPageFetcher = nextPageFetcher;
    }

    public List<T> data() {
        return data;
    }

    /** HelloAsso's page description; may be null if it sent none (then this is the only page). */
    public Pagination pagination() {
        return pagination;
    }

    public boolean hasNextPage() {
        if (nextPageFetcher == null || pagination == null || data.isEmpty()) {
            return false;
        }
        if (pagination.totalPages() >= 0) {
            return pagination.pageIndex() < pagination.totalPages();
        }
        // Uncounted lists (-1 totals): only a full page with a continuation token can have a successor.
        return pagination.continuationToken() != null && data.size() >= pagination.pageSize();
    }

    /** @throws NoSuchElementException on the last page */
    public Page<T> nextPage() {
        if (!hasNextPage()) {
            throw new NoSuchElementException("this is the last page");
        }
        return nextPageFetcher.apply(this);
    }

    /** Every element of this page and the following ones, fetching each page only when iteration reaches it. */
    public Iterable<T> autoPaging() {
        return () -> new Iterator<>() {
            private Page<T> page = Page.this;
            private Iterator<T> current = page.data.iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && page.hasNextPage()) {
                    page = page.nextPage();
                    current = page.data.iterator();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** {@link #autoPaging()} as a sequential stream. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(autoPaging().iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public String toString() {
        return "Page[" + data.size() + " items, " + pagination + "]";
    }
}
