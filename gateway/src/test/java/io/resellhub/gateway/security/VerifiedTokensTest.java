package io.resellhub.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.resellhub.commons.security.VerifiedTokens;
import io.resellhub.localinfra.JwtTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/** commons' {@link VerifiedTokens}, tested here where test tokens can be made (local-infra needs commons). */
class VerifiedTokensTest {

    private final JwtTokens tokens = JwtTokens.generate();
    private final CountingParser smallRye = new CountingParser(
            new JWTAuthContextInfo(tokens.publicKey(), tokens.issuer()));

    @Test
    void aTokenUsedAgainIsNotCheckedAgain() throws Exception {
        VerifiedTokens parser = new VerifiedTokens(smallRye, Clock.systemUTC());
        String token = tokens.issue("alice", List.of(JwtTokens.ADMIN), Duration.ofMinutes(10));

        JsonWebToken first = parser.parse(token);
        JsonWebToken again = parser.parse(token);

        assertEquals("alice", again.getName());
        assertEquals(first.getGroups(), again.getGroups());
        assertEquals(1, smallRye.parsed, "the signature is checked once per token");
    }

    @Test
    void aTokenIsRememberedOnlyUntilItExpires() throws Exception {
        String token = tokens.issue("alice", List.of(JwtTokens.ADMIN), Duration.ofMinutes(10));
        MovableClock clock = new MovableClock(Instant.now());
        VerifiedTokens parser = new VerifiedTokens(smallRye, clock);
        parser.parse(token);
        parser.parse(token);
        assertEquals(1, smallRye.parsed);

        clock.now = clock.now.plus(Duration.ofMinutes(11));
        parser.parse(token);
        parser.parse(token);
        assertEquals(3, smallRye.parsed, "past its exp a token is checked by SmallRye on every use");
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        VerifiedTokens parser = new VerifiedTokens(smallRye, Clock.systemUTC());
        String foreign = JwtTokens.generate().issue("mallory", List.of(JwtTokens.ADMIN), Duration.ofMinutes(10));

        assertThrows(ParseException.class, () -> parser.parse(foreign));
        assertThrows(ParseException.class, () -> parser.parse(foreign));
        assertEquals(2, smallRye.parsed);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {

        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** SmallRye's parser, counting the tokens it had to check. */
    private static final class CountingParser extends DefaultJWTParser {

        int parsed;

        CountingParser(JWTAuthContextInfo context) {
            super(context);
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            parsed++;
            return super.parse(token);
        }
    }
}
