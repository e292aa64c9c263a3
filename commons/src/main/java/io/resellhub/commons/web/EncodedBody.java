package io.resellhub.commons.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.core.Response;

/**
 * A JSON answer encoded once and served many times as bytes: the plain bytes, their gzip, and a strong
 * {@code ETag} per encoding (a hash of the plain bytes, so every replica that holds the same content gives the
 * same tag). {@link #respond} (JAX-RS) and {@link #write} (Vert.x) answer {@code 304} when {@code If-None-Match}
 * names the tag, gzip when the client accepts it.
 */
public final class EncodedBody {

    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");
    // Spelled as the JAX-RS answer spells it (Vert.x's own constant is lower case).
    private static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");

    private final byte[] plain;
    private final byte[] gzip;
    private final String etag;
    private final String gzipEtag;
    /** The same bytes for Vert.x, wrapped once (not copied): every {@link #write} sends them as they are. */
    private final Buffer plainBuffer;
    private final Buffer gzipBuffer;

    private EncodedBody(byte[] plain) {
        this.plain = plain;
        this.gzip = gzip(plain);
        String hash = hash(plain);
        this.etag = "\"" + hash + "\"";
        // A strong tag names one representation: the gzip bytes get a tag of their own.
        this.gzipEtag = "\"" + hash + "-gz\"";
        this.plainBuffer = Buffer.buffer(Unpooled.wrappedBuffer(this.plain));
        this.gzipBuffer = Buffer.buffer(Unpooled.wrappedBuffer(this.gzip));
    }

    public static EncodedBody json(byte[] plain) {
        return new EncodedBody(plain);
    }

    public byte[] plain() {
        return plain;
    }

    public String etag() {
        return etag;
    }

    /** The bytes held: plain and gzip. */
    public int size() {
        return plain.length + gzip.length;
    }

    /**
     * The answer to a GET with these request headers (either may be null): {@code 304} when {@code ifNoneMatch}
     * names the tag of the encoding the client would get, else {@code 200} with the bytes.
     */
    public Response respond(String acceptEncoding, String ifNoneMatch, String cacheControl) {
        boolean gzipped = acceptsGzip(acceptEncoding);
        String tag = gzipped ? gzipEtag : etag;
        Response.ResponseBuilder response = matches(ifNoneMatch, tag) ? Response.notModified()
                : Response.ok(gzipped ? gzip : plain, "application/json");
        if (gzipped) {
            response.header("Content-Encoding", "gzip");
        }
        return response.header("ETag", tag).header("Vary", "Accept-Encoding").header("Cache-Control", cacheControl)
                .build();
    }

    /**
     * The same answer as {@link #respond}, written straight to a Vert.x response (the caller's I/O thread, no
     * JAX-RS on the way); the bytes are the ones held, not a copy.
     */
    public void write(HttpServerResponse response, String acceptEncoding, String ifNoneMatch, String cacheControl) {
        boolean gzipped = acceptsGzip(acceptEncoding);
        String tag = gzipped ? gzipEtag : etag;
        if (gzipped) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, GZIP);
        }
        response.putHeader(HttpHeaders.ETAG, tag).putHeader(HttpHeaders.VARY, ACCEPT_ENCODING)
                .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        if (matches(ifNoneMatch, tag)) {
            response.setStatusCode(304).end();
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(gzipped ? gzipBuffer : plainBuffer);
        }
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                return parts.length == 1 || !parts[1].trim().replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            // If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" matches "x".
            if (trimmed.equals("*") || trimmed.equals(tag) || trimmed.equals("W/" + tag)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String hash(byte[] plain) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
