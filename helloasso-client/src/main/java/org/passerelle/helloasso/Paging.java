package org.passerelle.helloasso;

import java.util.function.UnaryOperator;

/** Builds pages whose successors repeat the same filters and ask for the next page. */
final class Paging {
    private Paging() {
    }

    static <T> Page<T> firstPage(ApiRequester api, Operation operation, String path, Class<T> element,
                                 UnaryOperator<Query> filters) {
        return fetch(api, operation, path, element, filters, null, null);
    }

    private static <T> Page<T> fetch(ApiRequester api, Operation operation, String path, Class<T> element,
                                     UnaryOperator<Query> filters, String continuationToken, Integer pageIndex) {
        Query query = filters.apply(new Query(operation)).add("continuationToken", continuationToken);
        if (pageIndex != null) {
            query.add("pageIndex", pageIndex); // only lists that can count take a page index
        }
        Types.PageBody<T> body = api.call(operation, path, query, null, Types.pageOf(element));
        if (body == null) {
            return new Page<>(null, null, null);
        }
        // The continuation token names the next page; the index is only a fallback for servers that send none.
        return new Page<>(body.data(), body.pagination(), current -> {
            Pagination pagination = current.pagination();
            return pagination.continuationToken() != null
                    ? fetch(api, operation, path, element, filters, pagination.continuationToken(), null)
                    : fetch(api, operation, path, element, filters, null, pagination.pageIndex() + 1);
        });
    }
}
