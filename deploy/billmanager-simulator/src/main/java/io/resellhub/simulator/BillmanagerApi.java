package io.resellhub.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The BILLmanager functions, as {@code billmanager-api.md} describes them: one call in, one answer
 * document out, or an {@link ApiError}. Knows nothing of HTTP or output formats.
 */
final class BillmanagerApi {

    private static final int NOTE_MAX_LENGTH = 255;
    private static final int TRIAL_DAYS = 14;
    private static final String USER_LEVEL_CLIENT = "16";

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+[\\p{L}][\\p{L}\\p{N}-]{0,62}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");

    private final Upstream upstream;

    BillmanagerApi(Upstream upstream) {
        this.upstream = upstream;
    }

    /** Runs {@code func}; lists in the answer are snapshots, so the caller may render it outside the lock. */
    DocNode call(String func, Params params, String lang) {
        if (func == null) {
            throw ApiError.missed("func");
        }
        synchronized (upstream) {
            upstream.services.settle(upstream.now());
            if (func.equals("auth")) {
                return auth(params);
            }
            authenticate(params);
            return dispatch(func, params, lang);
        }
    }

    private DocNode dispatch(String func, Params params, String lang) {
        switch (func) {
            case "whoami":
                return DocNode.doc(lang, func).child(DocNode.element("user")
                        .attr("level", USER_LEVEL_CLIENT).text(upstream.config.username()));
            case "account":
                return accounts(lang, func);
            case "pricelist.export":
                return priceList(params, lang, func);
            case "service.prolong":
                return prolong(params, lang, func);
            default:
                break;
        }
        int dot = func.indexOf('.');
        ItemType type = ItemType.fromCode(dot < 0 ? func : func.substring(0, dot))
                .orElseThrow(() -> unknownFunction(func));
        String action = dot < 0 ? "" : func.substring(dot + 1);
        switch (action) {
            case "":
                return serviceList(type, lang, func);
            case "edit":
                return serviceForm(findService(params, type), lang, func);
            case "order.param":
                return order(type, params, lang, func);
            case "suspend":
            case "resume":
            case "delete":
                return change(type, action, params, lang, func);
            default:
                throw unknownFunction(func);
        }
    }

    // --- authentication ---------------------------------------------------------------------

    private DocNode auth(Params params) {
        if (!credentialsMatch(params.value("username"), params.value("password"))) {
            throw new ApiError("auth", "badpassword", Messages.Key.BAD_PASSWORD);
        }
        checkNotBlocked();
        String session = upstream.sessions.open(upstream.now());
        return DocNode.bareDoc().child(DocNode.element("auth").attr("id", session).text(session));
    }

    private void authenticate(Params params) {
        String authinfo = params.value("authinfo");
        String session = params.value("auth");
        if (authinfo != null) {
            int colon = authinfo.indexOf(':');
            if (colon < 0 || !credentialsMatch(authinfo.substring(0, colon), authinfo.substring(colon + 1))) {
                throw new ApiError("auth", "badpassword", Messages.Key.BAD_PASSWORD);
            }
        } else if (session != null) {
            if (!upstream.sessions.touch(session, upstream.now())) {
                throw new ApiError("auth", "session", Messages.Key.BAD_SESSION);
            }
        } else {
            throw new ApiError("auth", "badpassword", Messages.Key.NO_CREDENTIALS);
        }
        checkNotBlocked();
    }

    /** Compares in constant time, so the simulator does not teach clients to rely on timing. */
    private boolean credentialsMatch(String username, String password) {
        if (username == null || password == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(username.getBytes(StandardCharsets.UTF_8),
                upstream.config.username().getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
                upstream.config.password().getBytes(StandardCharsets.UTF_8));
        return userOk & passwordOk;
    }

    private void checkNotBlocked() {
        if (upstream.account.blocked()) {
            throw new ApiError("access", "account", Messages.Key.BLOCKED, upstream.account.blockReason());
        }
    }

    // --- account and catalog -------------------------------------------------------------------

    private record AccountRow(String id, String name, String balance, String currency) {
    }

    private DocNode accounts(String lang, String func) {
        Account account = upstream.account;
        // The first account pays for orders; the second (a bonus account) never does.
        List<AccountRow> rows = List.of(
                new AccountRow("1", Messages.isEnglish(lang) ? "Main account" : "Основной счёт",
                        displayMoney(account.balance()), account.currency()),
                new AccountRow("2", Messages.isEnglish(lang) ? "Bonus account" : "Бонусный счёт", "0.00", account.currency()));
        return DocNode.doc(lang, func).list("elem", rows, (row, elem) -> elem
                .field("id", row.id())
                .field("name", row.name())
                .field("balance", row.balance())
                .field("currency", row.currency())
                .field("credit", "0.00"));
    }

    private DocNode priceList(Params params, String lang, String func) {
        List<Plan> plans = upstream.catalog.exported(params.value("itemtype"), params.isOn("onlyavailable"));
        return DocNode.doc(lang, func).list("elem", plans, BillmanagerApi::planFields);
    }

    private static void planFields(Plan plan, DocNode elem) {
        elem.field("id", plan.id())
                .field("name", plan.name())
                .field("itemtype", plan.itemtype())
                .field("orderavailable", plan.available() ? "on" : "off")
                .field("currency", plan.currency());
        plan.extras().forEach(elem::field);
        elem.field("description", plan.description());
        elem.listSingleAsObject("price", plan.prices(), (price, node) -> node
                .attr("period", String.valueOf(price.period()))
                .attr("cost", price.cost().toPlainString()));
        elem.list("addon", plan.addons(), (addon, node) -> node
                .attr("cost", addon.cost().toPlainString())
                .field("id", addon.id())
                .field("name", addon.name()));
    }

    // --- services ------------------------------------------------------------------------------

    private DocNode serviceList(ItemType type, String lang, String func) {
        List<ServiceSnapshot> services = upstream.services.listed(type, upstream.now()).stream().map(Service::snapshot)
                .toList();
        return DocNode.doc(lang, func).list("elem", services, BillmanagerApi::serviceFields);
    }

    private static void serviceFields(ServiceSnapshot service, DocNode node) {
        node.field("id", service.id())
                .field("name", service.name())
                .field("pricelist", service.pricelist())
                .field("period", String.valueOf(service.period()))
                .field("status", String.valueOf(service.status()))
                .field("createdate", date(service.createdate()))
                .field("expiredate", date(service.expiredate()))
                .field("cost", service.cost().toPlainString())
                .field("currency", service.currency())
                .field("note", service.note())
                .field("autoprolong", "off");
    }

    /** The form shape: every field directly under {@code doc}, not inside {@code elem}. */
    private static DocNode serviceForm(Service service, String lang, String func) {
        DocNode doc = DocNode.doc(lang, func).field("elid", service.id);
        serviceFields(service.snapshot(), doc);
        service.params.forEach(doc::field);
        if (service.type == ItemType.CERTIFICATE) {
            doc.field("certificate_status", service.certificateStatus());
        } else {
            doc.field("licensekey", service.licensekey);
        }
        return doc;
    }

    private Service findService(Params params, ItemType type) {
        String elid = require(params, "elid");
        return upstream.services.find(elid, type).orElseThrow(() -> ApiError.notFound(elid));
    }

    // --- ordering ------------------------------------------------------------------------------

    private DocNode order(ItemType type, Params params, String lang, String func) {
        if (!params.submitted()) {
            return orderForm(type, params, lang, func);
        }
        if (!params.isOn("skipbasket")) {
            throw ApiError.value("skipbasket", Messages.Key.SKIPBASKET);
        }
        String planId = require(params, "pricelist");
        Plan plan = upstream.catalog.find(planId)
                .filter(candidate -> candidate.itemtype().equals(type.code()))
                .orElseThrow(() -> ApiError.value("pricelist", Messages.Key.UNKNOWN_PLAN, planId));
        if (upstream.catalog.isRemoved(planId) || !plan.available()) {
            throw new ApiError("unavailable", "pricelist", Messages.Key.UNAVAILABLE, planId);
        }
        int period = period(params);
        BigDecimal price = plan.price(period)
                .orElseThrow(() -> ApiError.value("period", Messages.Key.NO_PERIOD, planId, period));
        String note = note(params);
        Map<String, String> productParams = productParams(type, plan, params);
        charge(price, plan.currency());

        LocalDate today = upstream.today();
        String id = upstream.services.nextId();
        boolean certificate = type == ItemType.CERTIFICATE;
        Service service = new Service(id, type, planId, period,
                certificate ? ServiceSnapshot.PROCESSING : ServiceSnapshot.ACTIVE, note,
                serviceName(type, plan, productParams), today, expiry(today, period), price, plan.currency(),
                certificate ? null : licenseKey(id), productParams,
                certificate ? upstream.now().plus(upstream.config.certificateDelay()) : null);
        upstream.services.add(service, upstream.now().plus(upstream.listLag));
        // Upstream answers "ordered" for licenses although they are active at once; certificates answer "processing".
        String answeredStatus = String.valueOf(certificate ? ServiceSnapshot.PROCESSING : ServiceSnapshot.ORDERED);
        return DocNode.doc(lang, func).child(DocNode.element("service").field("id", id).field("status", answeredStatus));
    }

    private static DocNode orderForm(ItemType type, Params params, String lang, String func) {
        DocNode doc = DocNode.doc(lang, func).field("itemtype", type.code());
        for (String name : List.of("pricelist", "period", "skipbasket", "ip", "hostname", "parent", "domain",
                "approver_email", "note")) {
            doc.field(name, params.value(name));
        }
        return doc;
    }

    /** Validates the product parameters of {@code type}; the result is stored with the service. */
    private Map<String, String> productParams(ItemType type, Plan plan, Params params) {
        Map<String, String> result = new LinkedHashMap<>();
        switch (type) {
            case SOFT:
                String ip = require(params, "ip").trim();
                if (!isIp(ip)) {
                    throw ApiError.value("ip");
                }
                result.put("ip", ip);
                String hostname = params.value("hostname");
                if (hostname != null) {
                    if (!HOSTNAME.matcher(hostname.trim()).matches()) {
                        throw ApiError.value("hostname");
                    }
                    result.put("hostname", hostname.trim());
                }
                break;
            case SOFTMODULE:
                String parent = require(params, "parent").trim();
                Service license = upstream.services.find(parent, ItemType.SOFT)
                        .filter(candidate -> candidate.status != ServiceSnapshot.DELETED)
                        .orElseThrow(() -> ApiError.value("parent", Messages.Key.BAD_PARENT, parent));
                for (Service module : upstream.services.ofType(ItemType.SOFTMODULE)) {
                    if (module.status != ServiceSnapshot.DELETED && module.pricelist.equals(plan.id())
                            && parent.equals(module.params.get("parent"))) {
                        throw new ApiError("exists", "parent", Messages.Key.MODULE_EXISTS, plan.id(), license.id);
                    }
                }
                result.put("parent", parent);
                break;
            default:
                String domain = require(params, "domain").trim();
                String bareDomain = domain.startsWith("*.") ? domain.substring(2) : domain;
                if (!HOSTNAME.matcher(bareDomain).matches()) {
                    throw ApiError.value("domain");
                }
                result.put("domain", domain);
                String approver = params.value("approver_email");
                if (approver != null) {
                    if (!EMAIL.matcher(approver.trim()).matches()) {
                        throw ApiError.value("approver_email");
                    }
                    result.put("approver_email", approver.trim());
                }
                String csr = params.value("csr");
                if (csr != null) {
                    if (!csr.contains("BEGIN CERTIFICATE REQUEST") && !csr.contains("BEGIN NEW CERTIFICATE REQUEST")) {
                        throw ApiError.value("csr");
                    }
                    result.put("csr", csr);
                }
                break;
        }
        return result;
    }

    private static String serviceName(ItemType type, Plan plan, Map<String, String> params) {
        switch (type) {
            case SOFT:
                return params.getOrDefault("hostname", params.get("ip"));
            case SOFTMODULE:
                return plan.name();
            default:
                return params.get("domain");
        }
    }

    /** A stable fake license key: same seed and service id, same key. */
    private String licenseKey(String serviceId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((upstream.config.seed() + ":" + serviceId).getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().withUpperCase().formatHex(hash, 0, 8);
            return "ISP6-" + hex.substring(0, 4) + "-" + hex.substring(4, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // --- changing services ------------------------------------------------------------------------

    private DocNode prolong(Params params, String lang, String func) {
        String elid = require(params, "elid");
        Service service = upstream.services.find(elid).orElseThrow(() -> ApiError.notFound(elid));
        Plan plan = upstream.catalog.find(service.pricelist).orElseThrow(() -> ApiError.notFound(elid));
        if (!params.submitted()) {
            return serviceForm(service, lang, func);
        }
        int period = period(params);
        if (service.status == ServiceSnapshot.DELETED) {
            throw ApiError.value("elid", Messages.Key.CLOSED, elid);
        }
        if (period == PlanPrice.TRIAL || period == PlanPrice.LIFETIME) {
            throw ApiError.value("period", Messages.Key.NOT_RENEWABLE, period);
        }
        // A withdrawn plan still renews at its last price: withdrawal stops new orders only.
        BigDecimal price = plan.price(period)
                .orElseThrow(() -> ApiError.value("period", Messages.Key.NO_PERIOD, plan.id(), period));
        charge(price, plan.currency());
        LocalDate from = service.expiredate != null ? service.expiredate : upstream.today();
        service.expiredate = expiry(from, period);
        service.period = period;
        service.cost = price;
        return DocNode.doc(lang, func).child(DocNode.element("service")
                .field("id", service.id)
                .field("expiredate", date(service.expiredate)));
    }

    private DocNode change(ItemType type, String action, Params params, String lang, String func) {
        Service service = findService(params, type);
        if (!params.submitted()) {
            return serviceForm(service, lang, func);
        }
        switch (action) {
            case "suspend":
                refuseClosed(service);
                if (service.status != ServiceSnapshot.STOPPED) {
                    service.status = ServiceSnapshot.STOPPED;
                    service.activatesAt = null;
                }
                break;
            case "resume":
                refuseClosed(service);
                if (service.status == ServiceSnapshot.STOPPED) {
                    service.status = ServiceSnapshot.ACTIVE;
                }
                break;
            default:
                // Closing: no refund; closing a closed service changes nothing.
                service.status = ServiceSnapshot.DELETED;
                service.activatesAt = null;
                break;
        }
        return ok();
    }

    private static void refuseClosed(Service service) {
        if (service.status == ServiceSnapshot.DELETED) {
            throw ApiError.value("elid", Messages.Key.CLOSED, service.id);
        }
    }

    /** Upstream's success answer: {@code {"doc":{"ok":{"$":"ok"}}}}, {@code <doc><ok/></doc>}. */
    static DocNode ok() {
        return DocNode.bareDoc().child(DocNode.element("ok").textOutsideXml("ok"));
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Debits {@code price} as a plain number in the account's currency (no exchange), or refuses with {@code money}. */
    private void charge(BigDecimal price, String priceCurrency) {
        Account account = upstream.account;
        if (!account.canPay(price)) {
            throw new ApiError("money", null, Messages.Key.MONEY, price.toPlainString(), priceCurrency,
                    displayMoney(account.balance()), account.currency());
        }
        account.debit(price);
    }

    private static LocalDate expiry(LocalDate from, int period) {
        if (period == PlanPrice.TRIAL) {
            return from.plusDays(TRIAL_DAYS);
        }
        if (period == PlanPrice.DAY) {
            return from.plusDays(1);
        }
        if (period == PlanPrice.LIFETIME) {
            return null; // lifetime services never expire: the field is left out
        }
        return from.plusMonths(period);
    }

    private static int period(Params params) {
        String raw = require(params, "period").trim();
        try {
            int period = Integer.parseInt(raw);
            if (period < 0 && period != PlanPrice.TRIAL && period != PlanPrice.DAY) {
                throw ApiError.value("period");
            }
            return period;
        } catch (NumberFormatException e) {
            throw ApiError.value("period");
        }
    }

    private static String note(Params params) {
        String note = params.value("note");
        if (note != null && note.codePointCount(0, note.length()) > NOTE_MAX_LENGTH) {
            throw ApiError.value("note", Messages.Key.VALUE_TOO_LONG, "note", NOTE_MAX_LENGTH);
        }
        return note;
    }

    private static String require(Params params, String name) {
        String value = params.value(name);
        if (value == null) {
            throw ApiError.missed(name);
        }
        return value;
    }

    private static boolean isIp(String value) {
        return IPV4.matcher(value).matches() || (value.indexOf(':') >= 0 && IPV6.matcher(value).matches());
    }

    private static ApiError unknownFunction(String func) {
        return ApiError.value("func", Messages.Key.UNKNOWN_FUNCTION, func);
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }

    /** Balances print with two decimals unless a debit left finer cents (then up to four). */
    static String displayMoney(BigDecimal amount) {
        int significantScale = amount.stripTrailingZeros().scale();
        return amount.setScale(Math.max(2, Math.min(significantScale, 4)), RoundingMode.HALF_UP).toPlainString();
    }
}
