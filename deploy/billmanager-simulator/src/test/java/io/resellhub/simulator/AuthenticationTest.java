package io.resellhub.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticationTest extends SimulatorTest {


    @Override
    SimulatorConfig configure(SimulatorConfig config) {
        return config.withSessionTimeout(Duration.ofSeconds(3600));
    }

    @Test
    void authinfoWorksByPostAndByGet() throws IOException {
        Answer byPost = Answer.parse(DocFormat.JSON,
                client.post("func", "whoami", "out", "json", "authinfo", "demo:demo-secret").body());
        Answer byGet = Answer.parse(DocFormat.JSON,
                client.get("func", "whoami", "out", "json", "authinfo", "demo:demo-secret").body());
        assertEquals("demo", byPost.child("user").text());
        assertEquals("demo", byGet.child("user").text());
    }

    @Test
    void aPasswordMayContainColons() {
        try (BillmanagerSimulator colon = BillmanagerSimulator.start(TestSimulators.config(clock).withCredentials("u", "p:a:ss"))) {
            assertEquals("u", new SimClient(colon).call("whoami").child("user").text());
        }
    }

    @ParameterizedTest
    @EnumSource(DocFormat.class)
    void wrongPasswordAnswersAuthBadpassword(DocFormat format) throws IOException {
        HttpResponse<String> response = client.post("func", "whoami", "out", format.code(), "lang", "en",
                "authinfo", "demo:wrong");
        assertEquals(200, response.statusCode());
        Answer doc = Answer.parse(format, response.body());
        assertEquals("auth", doc.errorType());
        assertEquals("badpassword", doc.errorObject());
        assertEquals("Invalid username or password", doc.errorMessage());
    }

    @Test
    void wrongUsernameMissingCredentialsAndMalformedAuthinfoAnswerAuth() throws IOException {
        for (String[] call : new String[][] {
                {"func", "whoami", "out", "json", "authinfo", "other:demo-secret"},
                {"func", "whoami", "out", "json", "authinfo", "demo"},
                {"func", "whoami", "out", "json"},
                {"func", "auth", "out", "json", "username", "demo", "password", "nope"}}) {
            assertEquals("auth", Answer.parse(DocFormat.JSON, client.post(call).body()).errorType());
        }
    }

    @Test
    void messagesAreRussianUnlessLangIsEnglish() throws IOException {
        Answer russian = Answer.parse(DocFormat.JSON, client.post("func", "whoami", "out", "json", "authinfo", "demo:x").body());
        assertEquals("Неверное имя пользователя или пароль", russian.errorMessage());
        assertEquals("ru", russian.child("error").attr("lang"));
    }

    @ParameterizedTest
    @EnumSource(DocFormat.class)
    void sessionLoginReturnsAnIdThatLaterCallsUse(DocFormat format) throws IOException {
        Answer login = Answer.parse(format, client.post("func", "auth", "out", format.code(),
                "username", "demo", "password", "demo-secret").body());
        Answer auth = login.child("auth");
        String session = auth.attr("id");
        assertTrue(session.length() >= 16, "session id: " + session);
        assertEquals(session, auth.text());

        Answer whoami = Answer.parse(format, client.post("func", "whoami", "out", format.code(), "auth", session).body());
        assertEquals("demo", whoami.child("user").text());
        assertEquals(1, sim.state().sessions());
    }

    @Test
    void sessionExpiresAfterInactivityButActivityKeepsItAlive() throws IOException {
        String session = login();
        clock.advance(Duration.ofSeconds(3000));
        assertFalse(whoami(session).isError(), "used within the timeout");
        clock.advance(Duration.ofSeconds(3000));
        assertFalse(whoami(session).isError(), "inactivity counts from the last use");
        clock.advance(Duration.ofSeconds(3601));
        Answer expired = whoami(session);
        assertEquals("auth", expired.errorType());
        assertEquals("session", expired.errorObject());
        assertEquals("auth", whoami(session).errorType(), "an expired session stays expired");
        assertFalse(whoami(login()).isError(), "logging in again helps");
    }

    @Test
    void unknownSessionAndExpireAllAnswerAuth() throws IOException {
        assertEquals("auth", whoami("0123456789abcdef01234567").errorType());
        String first = login();
        String second = login();
        assertNotEquals(first, second);
        sim.expireSessions();
        assertEquals("auth", whoami(first).errorType());
        assertEquals("auth", whoami(second).errorType());
        assertEquals(0, sim.state().sessions());
    }

    @Test
    void blockedAccountAnswersAccessNamingTheReason() throws IOException {
        sim.blockAccount("unpaid invoices");
        Answer blocked = Answer.parse(DocFormat.JSON, client.post("func", "account", "out", "json", "lang", "en",
                "authinfo", sim.authinfo()).body());
        assertEquals("access", blocked.errorType());
        assertTrue(blocked.errorMessage().contains("unpaid invoices"), blocked.errorMessage());
        Answer login = Answer.parse(DocFormat.JSON, client.post("func", "auth", "out", "json",
                "username", "demo", "password", "demo-secret").body());
        assertEquals("access", login.errorType());
        assertEquals("auth", Answer.parse(DocFormat.JSON, client.post("func", "account", "out", "json",
                "authinfo", "demo:wrong").body()).errorType(), "bad credentials are still auth");

        sim.unblockAccount();
        SimulatorState state = sim.state();
        assertFalse(state.blocked());
        assertNull(state.blockReason());
        assertFalse(client.call("account").isError());
    }

    private String login() throws IOException {
        return Answer.parse(DocFormat.JSON, client.post("func", "auth", "out", "json",
                "username", "demo", "password", "demo-secret").body()).child("auth").attr("id");
    }

    private Answer whoami(String session) throws IOException {
        return Answer.parse(DocFormat.JSON, client.post("func", "whoami", "out", "json", "auth", session).body());
    }
}
