package io.resellhub.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BaseUrlsTest {

    @Test
    void oneUrlIsUsedForEveryRequest() {
        BaseUrls urls = new BaseUrls("http://127.0.0.1:8082/");

        assertEquals(List.of("http://127.0.0.1:8082", "http://127.0.0.1:8082"), List.of(urls.next(), urls.next()));
    }

    @Test
    void severalAreTakenInTurn() {
        BaseUrls urls = new BaseUrls(" http://a:1 , http://b:2/,http://c:3 ");

        assertEquals(List.of("http://a:1", "http://b:2", "http://c:3", "http://a:1", "http://b:2"),
                IntStream.range(0, 5).mapToObj(i -> urls.next()).toList());
        assertEquals("http://a:1,http://b:2,http://c:3", urls.toString());
    }

    @Test
    void aLocationOfAnyReplicaBecomesItsPath() {
        BaseUrls urls = new BaseUrls("http://a:1,http://b:2");

        assertEquals(Optional.of("/tariff-imports/7?x=1"), urls.pathOf("http://b:2/tariff-imports/7?x=1"));
        assertEquals(Optional.of("/x"), urls.pathOf("http://a:1/x"));
        assertEquals(Optional.empty(), urls.pathOf("http://elsewhere:3/x"));
    }

    @Test
    void noUrlAtAllIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BaseUrls(" , "));
    }
}
