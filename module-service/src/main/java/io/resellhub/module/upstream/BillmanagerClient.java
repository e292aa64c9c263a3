package io.resellhub.module.upstream;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;

/**
 * The typed client of an upstream ("selling") BILLmanager, as described in {@code billmanager-api.md}.
 * Stateless apart from cached sessions and one fault-tolerance guard per upstream account; thread-safe.
 *
 * <p>Reads (whoami, account, pricelist.export, service lists and details) are retried with back-off on
 * transient failures. Changes (order, renew, suspend, resume, close) are sent once. Orders and renewals
 * are never repeated blindly: after an ambiguous failure the client first looks upstream whether the
 * change happened (a service whose note is our order id; an expiry date that moved).
 *
 * <p>Every failure is an {@link UpstreamException}; see {@link UpstreamFailureKind}.
 */
@ApplicationScoped
public class BillmanagerClient {

    /** Keys the client sets itself; an order's params must not carry them. */
    private static final Set<String> RESERVED_PARAMETERS = Set.of("func", "sok", "skipbasket", "pricelist", "period",
            "note", "elid", "out", "lang", "authinfo", "auth", "username", "password");

    private final UpstreamConfig config;
    private final BillmanagerTransport transport;
    private final Map<String, String> itemTypes;
    private final Map<String, String> productTypes;

    @Inject
    public BillmanagerClient(UpstreamConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new BillmanagerTransport(config);
        this.itemTypes = config.effectiveItemTypes();
        Map<String, String> reverse = new HashMap<>();
        itemTypes.forEach((productType, itemType) -> reverse.putIfAbsent(itemType, productType));
        this.productTypes = Collections.unmodifiableMap(reverse);
    }

    // ---- account ------------------------------------------------------------------------------------

    /** {@code func=whoami}: checks URL and credentials. */
    public AccountInfo whoami(UpstreamConnection c) {
        BillmanagerTransport.Call call = call(c, "whoami");
        return transport.read(call, () -> doc -> {
            Node user = doc.child("user");
            if (user == null) {
                throw BillmanagerTransport.protocol(call, "answered func=whoami without a user");
            }
            String login = user.text() != null && !user.text().isBlank() ? user.text().trim() : user.value("name", "login");
            return new AccountInfo(login, user.value("level"));
        });
    }

    /** {@code func=account}: the first (paying) account. */
    public AccountBalance balance(UpstreamConnection c) {
        BillmanagerTransport.Call call = call(c, "account");
        Node first = transport.read(call, () -> new AnswerHandler<Node>() {
            private Node first;

            @Override
            public void element(Node elem) {
                if (first == null) {
                    first = elem;
                }
            }

            @Override
            public Node finish(Node doc) {
                return first;
            }
        });
        if (first == null) {
            throw BillmanagerTransport.protocol(call, "answered func=account without any account");
        }
        BigDecimal balance = Values.decimal(first.value("balance"));
        if (balance == null) {
            throw BillmanagerTransport.protocol(call, "answered func=account without a readable balance");
        }
        BigDecimal credit = Values.decimal(first.value("credit"));
        return new AccountBalance(balance, first.value("currency"), credit == null ? BigDecimal.ZERO : credit);
    }

    // ---- price list ---------------------------------------------------------------------------------

    /**
     * The upstream plans of one of OUR product types ({@code pricelist.export&itemtype=...}), orderable or
     * not ({@link UpstreamPlan#available()} says which). Plans of other item types are dropped even if the
     * upstream ignores the filter. Streams the answer: the export is never held as a whole.
     */
    public List<UpstreamPlan> listTariffs(UpstreamConnection c, String productType) {
        String itemType = itemType(productType);
        BillmanagerTransport.Call call = call(c, "pricelist.export").param("itemtype", itemType);
        return transport.read(call, () -> new ListHandler<>(elem -> {
            String elemType = elem.value("itemtype");
            return elemType == null || elemType.equals(itemType) ? plan(elem, productType) : null;
        }));
    }

    /** The whole export (no item type filter) in one call, keeping plans of the configured item types. */
    public List<UpstreamPlan> listTariffs(UpstreamConnection c) {
        BillmanagerTransport.Call call = call(c, "pricelist.export");
        return transport.read(call, () -> new ListHandler<>(elem -> {
            String productType = productTypes.get(elem.value("itemtype"));
            return productType == null ? null : plan(elem, productType);
        }));
    }

    private static UpstreamPlan plan(Node elem, String productType) {
        String id = elem.value("id");
        if (id == null) {
            return null;
        }
        List<UpstreamPrice> prices = new ArrayList<>(2);
        for (Node price : elem.children("price")) {
            Integer period = Values.integer(price.value("period"));
            BigDecimal cost = Values.decimal(price.value("cost"));
            if (period != null && cost != null) {
                prices.add(new UpstreamPrice(period, cost));
            }
        }
        return new UpstreamPlan(id, elem.value("name"), productType, Values.flag(elem.value("orderavailable"), true),
                elem.value("currency"), prices, elem.value("description"));
    }

    // ---- services -----------------------------------------------------------------------------------

    /** {@code func=<itemtype>}: this account's services of one product type. */
    public List<UpstreamService> services(UpstreamConnection c, String productType) {
        String itemType = itemType(productType);
        BillmanagerTransport.Call call = call(c, itemType);
        return transport.read(call, () -> new ListHandler<>(elem -> service(elem, productType, null)));
    }

    /** {@code func=<itemtype>.edit&elid=<id>}: one service with all its fields; NOT_FOUND when it is not ours. */
    public UpstreamService serviceInfo(UpstreamConnection c, String productType, String serviceId) {
        Objects.requireNonNull(serviceId, "serviceId");
        String itemType = itemType(productType);
        BillmanagerTransport.Call call = call(c, itemType + ".edit").param("elid", serviceId);
        return transport.read(call, () -> doc -> service(doc, productType, serviceId));
    }

    private static UpstreamService service(Node node, String productType, String knownId) {
        String id = node.value("id", "elid");
        if (id == null) {
            id = knownId;
        }
        if (id == null) {
            return null;
        }
        Integer status = Values.integer(node.value("status"));
        return new UpstreamService(id, productType, node.value("pricelist"), Values.integer(node.value("period")),
                status == null ? 0 : status, Values.date(node.value("expiredate")), node.value("licensekey"),
                node.value("note"), node.value("name"), Values.date(node.value("createdate")),
                Values.decimal(node.value("cost")), node.value("currency"), node.value("domain"),
                node.value("certificate_status"));
    }

    // ---- order --------------------------------------------------------------------------------------

    /**
     * Orders and pays ({@code skipbasket=on}) a service, with {@code note=<order.note()>}. Never orders twice
     * for the same note: with {@code check-before-change} (default) an existing service with that note is
     * returned instead of ordering; after an ambiguous failure (timeout, lost connection, 5xx, an answer
     * that is not BILLmanager's) the services are searched for the note and the order is sent again at most
     * once, only when none is found. When that search fails, a transient failure is thrown and nothing is
     * sent again.
     */
    public UpstreamService order(UpstreamConnection c, UpstreamOrder order) {
        return order(c, order, ChangeGuard.of(config.checkBeforeChange()));
    }

    /** {@link #order(UpstreamConnection, UpstreamOrder)} with an explicit guard instead of the configured one. */
    public UpstreamService order(UpstreamConnection c, UpstreamOrder order, ChangeGuard guard) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(guard, "guard");
        String itemType = itemType(order.productType());
        for (String key : order.params().keySet()) {
            if (RESERVED_PARAMETERS.contains(key) || Redaction.isSecret(key)) {
                throw new IllegalArgumentException("order parameter '" + key + "' is set by the client itself");
            }
        }
        UpstreamUrl url = UpstreamUrl.of(c.url());
        if (guard.checkFirst()) {
            Optional<UpstreamService> existing = findByNote(c, order);
            if (existing.isPresent()) {
                Log.infof("Order %s already exists at %s as service %s; not ordering again", order.note(), url,
                        existing.get().id());
                return existing.get();
            }
        }
        try {
            return placeOrder(c, itemType, order, guard);
        } catch (UpstreamException first) {
            if (!first.outcomeUnknown()) {
                throw first;
            }
            Log.warnf("Order %s at %s may have been placed (%s); looking for a service with that note", order.note(),
                    url, first.getMessage());
            Optional<UpstreamService> found = findAfterAmbiguousOrder(c, order, first);
            if (found.isPresent()) {
                return found.get();
            }
            Log.infof("Order %s: no upstream service carries it; ordering once more", order.note());
            try {
                return placeOrder(c, itemType, order, guard);
            } catch (UpstreamException second) {
                if (!second.outcomeUnknown()) {
                    throw second;
                }
                found = findAfterAmbiguousOrder(c, order, second);
                if (found.isPresent()) {
                    return found.get();
                }
                throw second;
            }
        }
    }

    private UpstreamService placeOrder(UpstreamConnection c, String itemType, UpstreamOrder order, ChangeGuard guard) {
        BillmanagerTransport.Call call = call(c, itemType + ".order.param")
                .param("sok", "ok")
                .param("skipbasket", "on")
                .param("pricelist", order.planId())
                .param("period", Integer.toString(order.period()));
        order.params().forEach(call::param);
        call.param("note", order.note());
        guard.beforeChange().run();
        UpstreamService placed = transport.change(call, () -> doc -> {
            Node service = doc.child("service") != null ? doc.child("service") : doc;
            String id = service.value("id", "elid");
            if (id == null && service != doc && service.text() != null && !service.text().isBlank()) {
                id = service.text().trim();
            }
            if (id == null) {
                throw BillmanagerTransport.protocol(call, "answered the order without a service id");
            }
            Integer status = Values.integer(service.value("status"));
            // The answer holds only id and status; a certificate's domain is the one just ordered.
            return new UpstreamService(id, order.productType(), order.planId(), order.period(),
                    status == null ? 0 : status, Values.date(service.value("expiredate")), service.value("licensekey"),
                    order.note(), null, null, null, null, order.params().get("domain"), null);
        });
        Log.debugf("Order %s placed at %s: service %s", order.note(), call.url, placed.id());
        // "Processing": the upstream is still setting the service up (a certificate being issued), so reading it now
        // shows nothing new; the activation check lists it with the others. "Ordered" may already be active
        // (licenses are at once): read it.
        return placed.status() == UpstreamService.PROCESSING ? placed : details(c, placed);
    }

    /** The service carrying {@code order}'s note (our order id), if the upstream has one: a read, safe to repeat. */
    public Optional<UpstreamService> findByNote(UpstreamConnection c, UpstreamOrder order) {
        String itemType = itemType(order.productType());
        String note = order.note().trim();
        BillmanagerTransport.Call call = call(c, itemType);
        List<UpstreamService> matches = transport.read(call, () -> new ListHandler<>(elem -> {
            String elemNote = elem.value("note");
            return elemNote != null && elemNote.equals(note) ? service(elem, order.productType(), null) : null;
        }));
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        if (matches.size() > 1) {
            Log.warnf("Order %s: %d upstream services carry this note at %s; using %s", order.note(), matches.size(),
                    call.url, matches.get(0).id());
        }
        return Optional.of(details(c, matches.get(0)));
    }

    private Optional<UpstreamService> findAfterAmbiguousOrder(UpstreamConnection c, UpstreamOrder order,
            UpstreamException failure) {
        try {
            Optional<UpstreamService> found = findByNote(c, order);
            found.ifPresent(s -> Log.infof("Order %s was placed despite the failure: upstream service %s", order.note(),
                    s.id()));
            return found;
        } catch (UpstreamException lookup) {
            throw new UpstreamUnavailableException(failure.kind(), "Order " + order.note()
                    + " may or may not have been placed (" + failure.getMessage()
                    + "), and checking failed (" + lookup.getMessage() + "); not ordering again: retry later",
                    true, true, failure);
        }
    }

    // ---- renewal ------------------------------------------------------------------------------------

    /**
     * {@code service.prolong}: renews for one more {@code period}. With {@code expectedExpiryBefore} (the
     * expiry date as we knew it before renewing) the client never renews twice: when the upstream expiry is
     * already later, the renewal counts as done (checked first with {@code check-before-change}, and after
     * an ambiguous failure, after which it renews at most once more). Without it, an ambiguous failure is
     * thrown as is.
     */
    public UpstreamService prolong(UpstreamConnection c, String productType, String serviceId, int period,
            LocalDate expectedExpiryBefore) {
        return prolong(c, productType, serviceId, period, expectedExpiryBefore, ChangeGuard.of(config.checkBeforeChange()));
    }

    /** {@link #prolong(UpstreamConnection, String, String, int, LocalDate)} with an explicit guard. */
    public UpstreamService prolong(UpstreamConnection c, String productType, String serviceId, int period,
            LocalDate expectedExpiryBefore, ChangeGuard guard) {
        Objects.requireNonNull(serviceId, "serviceId");
        itemType(productType);
        if (guard.checkFirst() && expectedExpiryBefore != null) {
            UpstreamService current = serviceInfo(c, productType, serviceId);
            if (moved(current, expectedExpiryBefore)) {
                Log.infof("Service %s already expires %s, after %s: renewal counted as done", serviceId,
                        current.expireDate(), expectedExpiryBefore);
                return current;
            }
        }
        try {
            return renew(c, productType, serviceId, period, guard);
        } catch (UpstreamException first) {
            if (!first.outcomeUnknown() || expectedExpiryBefore == null) {
                throw first;
            }
            Log.warnf("Renewal of service %s may have happened (%s); comparing its expiry date", serviceId,
                    first.getMessage());
            UpstreamService current = checkAfterAmbiguousRenewal(c, productType, serviceId, first);
            if (moved(current, expectedExpiryBefore)) {
                return current;
            }
            try {
                return renew(c, productType, serviceId, period, guard);
            } catch (UpstreamException second) {
                if (!second.outcomeUnknown()) {
                    throw second;
                }
                current = checkAfterAmbiguousRenewal(c, productType, serviceId, second);
                if (moved(current, expectedExpiryBefore)) {
                    return current;
                }
                throw second;
            }
        }
    }

    private static boolean moved(UpstreamService service, LocalDate before) {
        return service.expireDate() != null && service.expireDate().isAfter(before);
    }

    private UpstreamService renew(UpstreamConnection c, String productType, String serviceId, int period,
            ChangeGuard guard) {
        BillmanagerTransport.Call call = call(c, "service.prolong")
                .param("sok", "ok")
                .param("elid", serviceId)
                .param("period", Integer.toString(period));
        guard.beforeChange().run();
        UpstreamService renewed = transport.change(call, () -> doc -> {
            Node service = doc.child("service") != null ? doc.child("service") : doc;
            Integer status = Values.integer(service.value("status"));
            return new UpstreamService(serviceId, productType, service.value("pricelist"), period,
                    status == null ? 0 : status, Values.date(service.value("expiredate")), null, null, null, null,
                    null, null, null, null);
        });
        Log.debugf("Service %s renewed at %s for period %d: expires %s", serviceId, call.url, period,
                renewed.expireDate());
        return details(c, renewed);
    }

    private UpstreamService checkAfterAmbiguousRenewal(UpstreamConnection c, String productType, String serviceId,
            UpstreamException failure) {
        try {
            return serviceInfo(c, productType, serviceId);
        } catch (UpstreamException lookup) {
            throw new UpstreamUnavailableException(failure.kind(), "Renewal of service " + serviceId
                    + " may or may not have happened (" + failure.getMessage() + "), and checking failed ("
                    + lookup.getMessage() + "); not renewing again: retry later", true, true, failure);
        }
    }

    // ---- suspend, resume, close ---------------------------------------------------------------------

    /** {@code <itemtype>.suspend}: status 3; suspending a suspended service succeeds. */
    public void suspend(UpstreamConnection c, String productType, String serviceId) {
        suspend(c, productType, serviceId, ChangeGuard.of(false));
    }

    public void suspend(UpstreamConnection c, String productType, String serviceId, ChangeGuard guard) {
        simpleChange(c, productType, serviceId, "suspend", guard);
    }

    /** {@code <itemtype>.resume}: status 2; resuming an active service succeeds. */
    public void resume(UpstreamConnection c, String productType, String serviceId) {
        resume(c, productType, serviceId, ChangeGuard.of(false));
    }

    public void resume(UpstreamConnection c, String productType, String serviceId, ChangeGuard guard) {
        simpleChange(c, productType, serviceId, "resume", guard);
    }

    /** {@code <itemtype>.delete}: closes the service (status 4), no refund; closing a closed one succeeds. */
    public void close(UpstreamConnection c, String productType, String serviceId) {
        close(c, productType, serviceId, ChangeGuard.of(false));
    }

    public void close(UpstreamConnection c, String productType, String serviceId, ChangeGuard guard) {
        simpleChange(c, productType, serviceId, "delete", guard);
    }

    /** Suspend, resume and close are no-op successes when already done, so they need no look first. */
    private void simpleChange(UpstreamConnection c, String productType, String serviceId, String action,
            ChangeGuard guard) {
        Objects.requireNonNull(serviceId, "serviceId");
        BillmanagerTransport.Call call = call(c, itemType(productType) + "." + action)
                .param("sok", "ok")
                .param("elid", serviceId);
        guard.beforeChange().run();
        transport.change(call, () -> doc -> Boolean.TRUE);
        Log.debugf("Service %s: %s done at %s", serviceId, action, call.url);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The upstream item type of OUR product type, from configuration. */
    public String itemType(String productType) {
        String itemType = productType == null ? null : itemTypes.get(productType);
        if (itemType == null) {
            throw new IllegalArgumentException("No upstream item type configured for product type '" + productType
                    + "' (module-service.upstream.item-types." + productType + ")");
        }
        return itemType;
    }

    /**
     * The URL as the client calls it: https when no scheme is given, host lower-cased, no trailing slash,
     * {@code /billmgr} appended when missing, no user info, query or fragment.
     *
     * @throws NotBillmanagerException when it is not an http(s) URL
     */
    public static String normalizeUrl(String url) {
        return UpstreamUrl.of(url).toString();
    }

    /** Forgets cached sessions and circuit breaker states. */
    public void reset() {
        transport.reset();
    }

    /** The breaker state (CLOSED, OPEN, HALF_OPEN) of an upstream account, e.g. for a health check. */
    public String circuitState(String url, String username) {
        return transport.circuitState(UpstreamUrl.of(url), username);
    }

    private BillmanagerTransport.Call call(UpstreamConnection c, String func) {
        Objects.requireNonNull(c, "connection");
        return new BillmanagerTransport.Call(UpstreamUrl.of(c.url()), c, func);
    }

    /** After a change: the full service when it can be read; what the change answered when it cannot. */
    private UpstreamService details(UpstreamConnection c, UpstreamService known) {
        try {
            UpstreamService full = serviceInfo(c, known.productType(), known.id());
            if (full.note() == null && known.note() != null) {
                return new UpstreamService(full.id(), full.productType(), full.planId(), full.period(), full.status(),
                        full.expireDate(), full.licenseKey(), known.note(), full.name(), full.createDate(), full.cost(),
                        full.currency(), full.domain(), full.certificateStatus());
            }
            return full;
        } catch (UpstreamException e) {
            Log.warnf("Service %s at %s: details unreadable after the change (%s); using what the change answered",
                    known.id(), UpstreamUrl.of(c.url()), e.getMessage());
            return known;
        }
    }

    /** Collects mapped list elements; a null mapping drops the element. */
    private static final class ListHandler<T> implements AnswerHandler<List<T>> {

        private final java.util.function.Function<Node, T> mapper;
        private final List<T> items = new ArrayList<>();

        ListHandler(java.util.function.Function<Node, T> mapper) {
            this.mapper = mapper;
        }

        @Override
        public void element(Node elem) {
            T item = mapper.apply(elem);
            if (item != null) {
                items.add(item);
            }
        }

        @Override
        public List<T> finish(Node doc) {
            return Collections.unmodifiableList(items);
        }
    }
}
