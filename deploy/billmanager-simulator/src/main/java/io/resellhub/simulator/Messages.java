package io.resellhub.simulator;

import java.util.Locale;

/**
 * Error messages in the two languages upstream answers in. Upstreams default to Russian; a call
 * with {@code lang=en} gets English.
 */
final class Messages {

    enum Key {
        BAD_PASSWORD("Invalid username or password", "Неверное имя пользователя или пароль"),
        BAD_SESSION("Session expired or unknown, please log in again", "Сессия истекла или не найдена, войдите заново"),
        NO_CREDENTIALS("Authorization required", "Требуется авторизация"),
        BLOCKED("Access denied: the account is blocked (%s)", "Доступ запрещён: учётная запись заблокирована (%s)"),
        MISSED("Required parameter '%s' is missing", "Не задан обязательный параметр '%s'"),
        VALUE("Invalid value of parameter '%s'", "Неверное значение параметра '%s'"),
        VALUE_TOO_LONG("Parameter '%s' is longer than %s characters", "Параметр '%s' длиннее %s символов"),
        UNKNOWN_PLAN("Tariff plan '%s' does not exist for this item type", "Тарифный план '%s' не существует для этого типа услуг"),
        NO_PERIOD("Tariff plan '%s' cannot be ordered for period '%s'", "Тарифный план '%s' нельзя заказать на период '%s'"),
        NOT_RENEWABLE("Period '%s' cannot be used to renew a service", "Период '%s' нельзя использовать для продления"),
        SKIPBASKET("Only immediate payment (skipbasket=on) is supported", "Поддерживается только оплата сразу (skipbasket=on)"),
        BAD_PARENT("Service '%s' is not an active license of this account", "Услуга '%s' не является действующей лицензией этого клиента"),
        MODULE_EXISTS("Module '%s' is already ordered for license '%s'", "Модуль '%s' уже заказан для лицензии '%s'"),
        CLOSED("Service '%s' is closed", "Услуга '%s' закрыта"),
        NOT_FOUND("Object '%s' not found", "Объект '%s' не найден"),
        MONEY("Insufficient funds: %s %s needed, the balance is %s %s",
                "Недостаточно средств: требуется %s %s, на балансе %s %s"),
        UNAVAILABLE("Tariff plan '%s' is not available for ordering", "Тарифный план '%s' недоступен для заказа"),
        UNKNOWN_FUNCTION("Unknown function '%s'", "Неизвестная функция '%s'"),
        INTERNAL("Internal error", "Внутренняя ошибка"),
        SIMULATED("Simulated '%s' error", "Имитация ошибки '%s'");

        private final String english;
        private final String russian;

        Key(String english, String russian) {
            this.english = english;
            this.russian = russian;
        }
    }

    private Messages() {
    }

    static String format(Key key, String lang, Object... args) {
        String pattern = isEnglish(lang) ? key.english : key.russian;
        return args.length == 0 ? pattern : String.format(Locale.ROOT, pattern, args);
    }

    static boolean isEnglish(String lang) {
        return "en".equalsIgnoreCase(lang);
    }
}
