package org.passerelle.gateway.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address as the servlet container sees it. Behind a reverse proxy, enable
 * {@code server.forward-headers-strategy=native} so that it is the real client's (never trust the header blindly).
 */
public final class ClientIp {

    private ClientIp() {
    }

    public static String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        return address == null ? null : address.length() > 64 ? address.substring(0, 64) : address;
    }
}
