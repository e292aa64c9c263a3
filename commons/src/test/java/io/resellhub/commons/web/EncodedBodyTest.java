package io.resellhub.commons.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import jakarta.ws.rs.core.Response;

class EncodedBodyTest {

    private static final byte[] JSON = "{\"items\":[],\"total\":0}".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameBytesSameStrongTagGzipATagOfItsOwn() throws IOException {
        EncodedBody body = EncodedBody.json(JSON);
        assertEquals(body.etag(), EncodedBody.json(JSON.clone()).etag());
        assertNotEquals(body.etag(), EncodedBody.json("{}".getBytes(StandardCharsets.UTF_8)).etag());

        Response plain = body.respond(null, null, "public, max-age=1");
        assertEquals(200, plain.getStatus());
        assertArrayEquals(JSON, (byte[]) plain.getEntity());
        assertNull(plain.getHeaderString("Content-Encoding"));
        assertEquals("public, max-age=1", plain.getHeaderString("Cache-Control"));

        Response zipped = body.respond("br, gzip;q=0.8", null, "public, max-age=1");
        assertEquals("gzip", zipped.getHeaderString("Content-Encoding"));
        assertNotEquals(plain.getHeaderString("ETag"), zipped.getHeaderString("ETag"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream((byte[]) zipped.getEntity()))) {
            assertArrayEquals(JSON, in.readAllBytes());
        }
    }

    @Test
    void ifNoneMatchGives304ForTheTagOfTheEncodingServed() {
        EncodedBody body = EncodedBody.json(JSON);
        String tag = body.etag();
        assertEquals(304, body.respond(null, tag, "c").getStatus());
        assertEquals(304, body.respond(null, "\"other\", W/" + tag, "c").getStatus());
        assertEquals(304, body.respond(null, "*", "c").getStatus());
        assertEquals(200, body.respond(null, "\"other\"", "c").getStatus());
        // The plain tag does not name the gzip representation.
        assertEquals(200, body.respond("gzip", tag, "c").getStatus());
    }

    @Test
    void gzipOnlyWhenAcceptedWithAPositiveQuality() {
        assertTrue(EncodedBody.acceptsGzip("gzip, deflate"));
        assertTrue(EncodedBody.acceptsGzip("deflate, GZIP;q=0.5"));
        assertFalse(EncodedBody.acceptsGzip("gzip;q=0"));
        assertFalse(EncodedBody.acceptsGzip("identity"));
        assertFalse(EncodedBody.acceptsGzip(null));
        assertTrue(EncodedBody.matches("W/\"a\"", "\"a\""));
        assertFalse(EncodedBody.matches(null, "\"a\""));
    }
}
