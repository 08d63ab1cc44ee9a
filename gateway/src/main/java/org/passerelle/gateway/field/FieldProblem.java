package org.passerelle.gateway.field;

import java.util.List;
import org.springframework.context.MessageSourceResolvable;

/**
 * Something wrong with a field's definition or with an answer: where ({@code field}: a field's key, or a path such as
 * {@code fields[2].choices}), a message code of {@code messages*.properties} with its arguments, and the same in English
 * for logs and start-up messages.
 */
public record FieldProblem(String field, String code, List<Object> args, String english)
        implements MessageSourceResolvable {

    public FieldProblem {
        args = List.copyOf(args);
    }

    static FieldProblem of(String field, String code, String english, Object... args) {
        return new FieldProblem(field, code, List.of(args), english);
    }

    @Override
    public String[] getCodes() {
        return new String[] {code};
    }

    @Override
    public Object[] getArguments() {
        return args.toArray();
    }

    @Override
    public String getDefaultMessage() {
        return english;
    }
}
