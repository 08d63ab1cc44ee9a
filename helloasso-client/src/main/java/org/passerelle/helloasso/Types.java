package org.passerelle.helloasso;

import java.util.List;
import tools.jackson.databind.JavaType;

/** Jackson types of the answers, including the generic page envelope. */
final class Types {
    private Types() {
    }

    static JavaType of(Class<?> type) {
        return HelloAssoJson.mapper().constructType(type);
    }

    static JavaType pageOf(Class<?> element) {
        return HelloAssoJson.mapper().getTypeFactory().constructParametricType(PageBody.class, element);
    }

    /** HelloAsso's {@code ResultsWithPaginationModel_*}. */
    record PageBody<T>(List<T> data, Pagination pagination) {
    }
}
