package io.resellhub.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Builds the deterministic catalog. Plan {@code i} depends only on the seed and {@code i} (its own
 * {@link Random}, whose algorithm the JDK specifies), so the same seed and size give the same
 * catalog on every JVM, and a bigger catalog starts with the plans of a smaller one.
 */
final class CatalogGenerator {

    /** Product lines: name, internal name, base monthly price in US cents (min, max). */
    private record Line(String name, String intname, int minCents, int maxCents) {
    }

    private static final List<Line> LICENSES = List.of(
            new Line("ispmanager 6 Lite", "isp6lite", 500, 900),
            new Line("ispmanager 6 Pro", "isp6pro", 1100, 1900),
            new Line("ispmanager 6 Host", "isp6host", 2500, 4500),
            new Line("ispmanager 6 Business", "isp6business", 6000, 12000),
            new Line("ispmanager 6 Lite", "isp6lite", 500, 900),
            new Line("ispmanager 6 Pro", "isp6pro", 1100, 1900),
            new Line("VMmanager 6 Hosting", "vm6hosting", 3000, 6000),
            new Line("DCImanager 6", "dci6", 4000, 9000),
            new Line("BILLmanager 6 Standard", "bill6standard", 3000, 5000));

    private static final List<String> LICENSE_VARIANTS = List.of(
            "", "", " (VPS)", " (dedicated server)", " — 10 sites", " unlimited", " (promo)", " for resellers");

    private static final List<String> LICENSE_VARIANTS_RU = List.of(
            " для VPS", " для выделенного сервера", " — годовая", " (акция)");

    private static final List<Line> MODULES = List.of(
            new Line("Cloudflare", "cloudflare", 100, 300),
            new Line("ImunifyAV+", "imunifyav", 300, 600),
            new Line("Imunify360", "imunify360", 800, 1500),
            new Line("Softaculous", "softaculous", 150, 400),
            new Line("CloudLinux", "cloudlinux", 1000, 1500),
            new Line("KernelCare", "kernelcare", 200, 350),
            new Line("Acronis Backup", "acronis", 400, 900),
            new Line("DDoS-Guard", "ddosguard", 500, 1200),
            new Line("Let's Encrypt Wildcard", "lewildcard", 100, 200),
            new Line("Node.js", "nodejs", 100, 250));

    private static final List<Line> CERTIFICATES = List.of(
            new Line("Comodo PositiveSSL", "positivessl", 700, 1200),
            new Line("Comodo PositiveSSL Wildcard", "positivesslwc", 6000, 9000),
            new Line("Comodo EssentialSSL", "essentialssl", 1500, 2500),
            new Line("Sectigo EV SSL", "sectigoev", 7000, 12000),
            new Line("Sectigo OV SSL", "sectigoov", 3000, 5000),
            new Line("Sectigo PositiveSSL Multi-Domain", "positivesslmd", 2500, 4000),
            new Line("Sectigo SSL UCC DV (3 domains & more)", "sectigoucc", 4000, 6000),
            new Line("GlobalSign DomainSSL", "gsdomain", 20000, 25000),
            new Line("GlobalSign OrganizationSSL", "gsorg", 25000, 32000),
            new Line("Thawte SSL123", "thawte123", 5000, 8000),
            new Line("GeoTrust QuickSSL Premium", "quicksslpremium", 4000, 7000),
            new Line("DigiCert Secure Site", "digicertss", 30000, 45000),
            new Line("RapidSSL Standard", "rapidssl", 1000, 2000),
            new Line("AlphaSSL", "alphassl", 2500, 4000));

    /** Period sets per item type; the last ones have a single period, so single-price plans occur. */
    private static final List<int[]> LICENSE_PERIODS = List.of(
            new int[] {1, 3, 6, 12}, new int[] {1, 12}, new int[] {1, 3, 6, 12, 24, 36}, new int[] {-100, 1, 12},
            new int[] {-50, 1, 3}, new int[] {1, 3, 6, 12}, new int[] {12}, new int[] {0});
    private static final List<int[]> MODULE_PERIODS = List.of(
            new int[] {1, 12}, new int[] {1, 3, 6, 12}, new int[] {-100, 1}, new int[] {0}, new int[] {1});
    private static final List<int[]> CERTIFICATE_PERIODS = List.of(
            new int[] {12}, new int[] {12, 24, 36}, new int[] {12, 24}, new int[] {12, 36});

    private CatalogGenerator() {
    }

    static List<Plan> generate(long seed, int size) {
        List<Plan> plans = new ArrayList<>(size);
        for (int index = 0; index < size; index++) {
            plans.add(plan(seed, index));
        }
        return plans;
    }

    static Plan plan(long seed, int index) {
        Random random = new Random(seed * 1_000_003L + index * 7919L);
        // Ids step by three with a random offset: stable, increasing, with gaps like a real upstream.
        String id = String.valueOf(100 + index * 3 + random.nextInt(3));
        int kind = random.nextInt(100);
        ItemType type = kind < 45 ? ItemType.SOFT : kind < 70 ? ItemType.SOFTMODULE : ItemType.CERTIFICATE;
        boolean russian = random.nextInt(100) < 20;

        Line line;
        String name;
        int[] periods;
        switch (type) {
            case SOFT:
                line = pick(random, LICENSES);
                name = russian ? "Лицензия " + line.name() + pick(random, LICENSE_VARIANTS_RU)
                        : line.name() + pick(random, LICENSE_VARIANTS);
                periods = pick(random, LICENSE_PERIODS);
                break;
            case SOFTMODULE:
                line = pick(random, MODULES);
                name = russian ? "Модуль " + line.name() + " для ispmanager 6" : "ispmanager 6 " + line.name() + " module";
                periods = pick(random, MODULE_PERIODS);
                break;
            default:
                line = pick(random, CERTIFICATES);
                name = russian ? "SSL-сертификат " + line.name() : line.name();
                periods = pick(random, CERTIFICATE_PERIODS);
                break;
        }

        int currencyDraw = random.nextInt(100);
        String currency = currencyDraw < 80 ? "USD" : currencyDraw < 92 ? "EUR" : "RUB";
        long monthlyCents = line.minCents() + random.nextInt(line.maxCents() - line.minCents() + 1);
        if (type == ItemType.CERTIFICATE) {
            monthlyCents = Math.max(1, monthlyCents / 12); // certificate lines are priced per year
        }
        monthlyCents = convert(monthlyCents, currency);
        int moneyStyle = random.nextInt(3);
        List<PlanPrice> prices = new ArrayList<>();
        for (int period : periods) {
            prices.add(new PlanPrice(period, money(cost(monthlyCents, period), moneyStyle)));
        }

        boolean available = random.nextInt(100) >= 7;
        String description = random.nextInt(100) < 55 ? description(type, line, russian) : null;
        List<PlanAddon> addons = new ArrayList<>();
        if (type != ItemType.CERTIFICATE && random.nextInt(100) < 15) {
            int count = 1 + random.nextInt(2);
            for (int a = 0; a < count; a++) {
                addons.add(new PlanAddon(id + "0" + (a + 1), a == 0 ? "Additional 10 sites" : "Priority support",
                        money(convert(100 + random.nextInt(500), currency), moneyStyle)));
            }
        }
        Map<String, String> extras = new TreeMap<>();
        if (random.nextInt(100) < 50) {
            extras.put("intname", line.intname());
        }
        if (random.nextInt(100) < 40) {
            extras.put("orderpriority", String.valueOf(1 + random.nextInt(100)));
        }
        return new Plan(id, name, type.code(), available, currency, prices, description, addons, extras);
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static long convert(long usdCents, String currency) {
        switch (currency) {
            case "EUR":
                return Math.max(1, usdCents * 92 / 100);
            case "RUB":
                return usdCents * 90 / 100 * 100; // whole roubles, as Russian price lists are
            default:
                return usdCents;
        }
    }

    /** Cost in cents of one period: trials are free, a day costs a little more than a 30th, long periods get a discount. */
    private static long cost(long monthlyCents, int period) {
        if (period == PlanPrice.TRIAL) {
            return 0;
        }
        if (period == PlanPrice.DAY) {
            return Math.max(1, monthlyCents / 25);
        }
        if (period == PlanPrice.LIFETIME) {
            return monthlyCents * 30;
        }
        int discountPercent = period >= 36 ? 85 : period >= 24 ? 88 : period >= 12 ? 90 : 100;
        return (monthlyCents * period * discountPercent + 50) / 100;
    }

    /** Upstream money strings come in several shapes: "10", "10.5", "10.50" or "10.5000". */
    private static BigDecimal money(long cents, int style) {
        BigDecimal value = BigDecimal.valueOf(cents, 2);
        switch (style) {
            case 0:
                BigDecimal stripped = value.stripTrailingZeros();
                return stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped;
            case 1:
                return value;
            default:
                return value.setScale(4, RoundingMode.UNNECESSARY);
        }
    }

    private static String description(ItemType type, Line line, boolean russian) {
        switch (type) {
            case SOFT:
                return russian ? "Лицензия " + line.name() + " на один сервер, обновления и поддержка включены"
                        : line.name() + " license for one server, updates and support included";
            case SOFTMODULE:
                return russian ? "Модуль " + line.name() + ": подключается к действующей лицензии ispmanager 6"
                        : line.name() + " module, attached to an active ispmanager 6 license";
            default:
                String name = line.name();
                boolean extended = name.contains(" EV");
                boolean organization = name.contains(" OV") || name.contains("Organization") || name.contains("Secure Site");
                if (russian) {
                    return extended ? "Расширенная проверка организации, зелёная строка" : organization
                            ? "Проверка организации, выпуск за 1–3 дня" : "Проверка домена, выпуск за несколько минут";
                }
                return extended ? "Extended validation of the organization" : organization
                        ? "Organization validation, issued in 1-3 days" : "Domain validation, issued in minutes";
        }
    }
}
