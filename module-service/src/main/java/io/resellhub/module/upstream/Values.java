package io.resellhub.module.upstream;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Upstream values are strings: ids, numbers, money, on/off flags, dates. Unreadable ones read as null. */
final class Values {

    private Values() {
    }

    /** Money and other decimals: only ever through {@code new BigDecimal(String)}. */
    static BigDecimal decimal(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            BigDecimal decimal = decimal(value);
            if (decimal != null) {
                try {
                    return decimal.intValueExact();
                } catch (ArithmeticException notWhole) {
                    return null;
                }
            }
            return null;
        }
    }

    /** {@code on}/{@code off} (also yes/no, true/false, 1/0); anything else or absent is {@code absent}. */
    static boolean flag(String value, boolean absent) {
        if (value == null) {
            return absent;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on":
            case "yes":
            case "true":
            case "1":
                return true;
            case "off":
            case "no":
            case "false":
            case "0":
                return false;
            default:
                return absent;
        }
    }

    /** {@code 2027-01-31} or a datetime {@code 2027-01-31 10:15:00}; zero dates and garbage are null. */
    static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(trimmed.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
