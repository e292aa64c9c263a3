package io.resellhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a 200 answer. Small answers are buffered and sent with a Content-Length, as upstream's
 * web server does; once an answer outgrows the buffer (a big export) it is streamed chunked instead
 * of being held in memory.
 */
final class ResponseBody extends OutputStream {

    static final int BUFFER_LIMIT = 256 * 1024;

    private final HttpExchange exchange;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
    private OutputStream streaming;
    private boolean closed;

    ResponseBody(HttpExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (streaming != null) {
            streaming.write(bytes, offset, length);
            return;
        }
        buffer.write(bytes, offset, length);
        if (buffer.size() > BUFFER_LIMIT) {
            exchange.sendResponseHeaders(200, 0);
            streaming = exchange.getResponseBody();
            buffer.writeTo(streaming);
            buffer = null;
        }
    }

    @Override
    public void flush() throws IOException {
        if (streaming != null) {
            streaming.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (streaming == null) {
            exchange.sendResponseHeaders(200, buffer.size());
            streaming = exchange.getResponseBody();
            buffer.writeTo(streaming);
        }
        streaming.close();
    }
}
