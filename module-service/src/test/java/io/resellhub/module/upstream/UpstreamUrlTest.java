package io.resellhub.module.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamUrlTest {

    @ParameterizedTest
    @CsvSource({
            "https://my.example.com/billmgr,        https://my.example.com/billmgr",
            "https://my.example.com/billmgr/,       https://my.example.com/billmgr",
            "https://my.example.com,                https://my.example.com/billmgr",
            "https://my.example.com/,               https://my.example.com/billmgr",
            "https://My.Example.com:1500/manager/,  https://my.example.com:1500/manager/billmgr",
            "my.example.com/billmgr,                https://my.example.com/billmgr",
            "http://127.0.0.1:8090/billmgr?func=x#y, http://127.0.0.1:8090/billmgr",
            "https://user:secret@my.example.com/billmgr, https://my.example.com/billmgr"
    })
    void normalises(String raw, String expected) {
        assertEquals(expected, UpstreamUrl.of(raw).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ftp://my.example.com/billmgr", "https://", "http://exa mple.com/billmgr"})
    void rejectsWhatIsNotAnHttpUrl(String raw) {
        NotBillmanagerException e = assertThrows(NotBillmanagerException.class, () -> UpstreamUrl.of(raw));
        assertEquals(UpstreamFailureKind.NOT_BILLMANAGER, e.kind());
        assertTrue(e.getMessage().contains("https://my.example.com/billmgr"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void neverEchoesAUrlWithUserInfo() {
        NotBillmanagerException e = assertThrows(NotBillmanagerException.class,
                () -> UpstreamUrl.of("ftp://user:hunter2@my.example.com/billmgr"));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
