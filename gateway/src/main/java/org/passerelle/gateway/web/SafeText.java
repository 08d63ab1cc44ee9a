package org.passerelle.gateway.web;

import tools.jackson.databind.JsonNode;

/**
 * Text a person will read somewhere (a page, the console, a CSV, HelloAsso's receipt, a log) must not be able to hide
 * or disguise anything: no control characters (line breaks and tabs included), no Unicode line or paragraph
 * separators, no invisible format characters (bidirectional overrides and isolates, zero-width spaces, soft hyphens,
 * byte order marks… — the zero-width joiner and non-joiner, which some scripts and emoji need, stay allowed), no
 * noncharacters and no half of a surrogate pair. Names, item names, references, metadata and reasons are refused
 * when they carry any (a form error or a 400 naming the field), never silently cleaned.
 */
public final class SafeText {

    private SafeText() {
    }

    /** True when {@code text} (null counts as clean) has nothing that could hide or forge. */
    public static boolean isClean(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!allowed(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Every key and every string value of a JSON value, at any depth. */
    public static boolean isClean(JsonNode json) {
        if (json == null) {
            return true;
        }
        if (json.isString()) {
            return isClean(json.asString());
        }
        for (var property : json.properties()) {
            if (!isClean(property.getKey()) || !isClean(property.getValue())) {
                return false;
            }
        }
        if (json.isArray()) {
            for (JsonNode element : json) {
                if (!isClean(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean allowed(int cp) {
        if (cp == 0x200C || cp == 0x200D) {
            return true; // zero-width non-joiner and joiner: needed by Persian, Indic scripts, emoji sequences
        }
        if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
            return false; // noncharacters
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
