package org.passerelle.helloasso;

/** One entry of HelloAsso's error list: {@code {"errors":[{"code":"…","message":"…"}]}}. */
public record ApiError(String code, String message) {
}
