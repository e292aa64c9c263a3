package io.resellhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Plain, fixed-length answers: what a proxy, a login page or the admin API sends. */
final class HttpResponses {

    /** What nginx answers when the application behind it fails. */
    static final String NGINX_500 = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n"
            + "<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    static final String NGINX_404 = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
            + "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    /** A login page, as when the URL points at the web interface or a proxy's sign-in instead of the API. */
    static final String LOGIN_PAGE = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<title>BILLmanager — Sign in</title>\n</head>\n<body>\n"
            + "<form method=\"post\" action=\"/billmgr\" class=\"login\">\n"
            + "<input type=\"hidden\" name=\"func\" value=\"auth\">\n"
            + "<label>Username <input name=\"username\" autocomplete=\"username\"></label>\n"
            + "<label>Password <input name=\"password\" type=\"password\"></label>\n"
            + "<button type=\"submit\">Sign in</button>\n</form>\n</body>\n</html>\n";

    private HttpResponses() {
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void html(HttpExchange exchange, int status, String page) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", page);
    }

    static void json(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json; charset=UTF-8", json);
    }
}
