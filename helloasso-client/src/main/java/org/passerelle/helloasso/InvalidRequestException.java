package org.passerelle.helloasso;

/** A request the client refused to send because HelloAsso would reject it; {@link #field()} says which part. */
public class InvalidRequestException extends HelloAssoException {
    private final String field;

    public InvalidRequestException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    /** The offending field, as named in the API (e.g. {@code itemName}, {@code terms[2].amount}). */
    public String field() {
        return field;
    }
}
