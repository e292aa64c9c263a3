package io.resellhub.launcher;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.http.ContentType;

/**
 * The reseller console ({@code /console/}) in a real browser (Debian's headless chromium through chromium-driver)
 * against the whole stack (PostgreSQL, Kafka, the simulator, the four service JVMs on free ports): the four steps
 * and an order clicked through as a reseller would, a viewer who sees no write action, and the import wizard
 * by keyboard alone. A screenshot of every step goes to {@code target/console-screenshots/}.
 *
 * <p>chromium and chromium-driver are installed with apt-get when missing; when that fails the test fails
 * saying so (a browser test that silently skips proves nothing).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String RENAMED = "Our best certificate";

    private static Path localDir;
    private static RunningStack stack;
    private static WebDriver driver;
    private static WebDriverWait wait;
    private static int shot;

    /** A failed step leaves a picture of what the browser showed. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                screenshot("FAILED-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    /** Set by the reseller's walk, used by the later tests. */
    private static String renamedTariffId;
    private static String orderId;

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        ensureChromium();
        Files.createDirectories(SCREENSHOTS);
        localDir = Files.createTempDirectory("console-it");
        stack = LocalStack.start(LocalStackConfig.defaults(OrdersThroughGateway.root()).withLocalDir(localDir)
                .withPorts(StackPorts.free()));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowserAndStack() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (stack != null) {
            stack.close();
        }
        if (localDir != null) {
            OrdersThroughGateway.deleteTree(localDir);
        }
    }

    @Test
    @Order(1)
    void resellerSetsUpImportsEditsEnablesAndSellsInTheConsole() {
        String gateway = stack.gatewayUrl();
        SimulatorSettings sim = stack.simulatorSettings();
        signIn(stack.adminToken());
        screenshot("signed-in");

        // Step 1: the add wizard in BILLmanager's order, the connection checked before Finish.
        click("#add-module");
        radio("productType", "ssl-certificate");
        click("#next");
        radio("moduleType", "billmanager5");
        click("#next");
        visible(By.xpath("//*[contains(@class,'notice')][contains(.,'one reselling installation only')]"));
        type("Upstream BILLmanager URL", stack.simulatorUrl());
        type("Username", sim.username());
        type("Password", sim.password());
        screenshot("module-wizard-integration");
        click("#next");
        type("Name", "Upstream SSL");
        type("Data center", "Frankfurt");
        type("Department", "Technical support");
        type("Sort", "10");
        type("Minimal balance", "100.00");
        click("#next");
        assertFalse(find("#finish").isEnabled(), "Finish waits for the connection check");
        click("#check-connection");
        visible(By.cssSelector("#connection-result .success"));
        assertTrue(text("#connection-result").contains("1000.00 USD"), text("#connection-result"));
        screenshot("module-wizard-connection-checked");
        click("#finish");
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Upstream SSL"));
        // Edit: a changed URL asks for the password again; otherwise an empty password keeps the stored one.
        WebElement url = labelled("Upstream BILLmanager URL");
        url.sendKeys("/");
        click("#save-module");
        visible(By.cssSelector("[data-field='integration.password'] .error"));
        url.sendKeys(Keys.BACK_SPACE);
        type("Department", "Sales");
        click("#save-module");
        visible(By.cssSelector("main .success"));
        screenshot("module-edited");
        open("#/modules");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#modules tbody"), "1000.00 USD"));
        screenshot("modules");

        // Step 2: three plans, reviewed in the dry run, imported with a progress bar.
        open("#/tariffs");
        click("#import-plans");
        click("#next");
        click("#next");
        List<WebElement> orderable = wait.until(d -> {
            List<WebElement> rows = d.findElements(By.xpath("//table[@id='upstream-plans']/tbody/tr"
                    + "[not(.//*[contains(.,'not orderable')])][.//td[3][contains(.,'year') or contains(.,'month')]]"));
            return rows.size() >= 3 ? rows : null;
        });
        for (WebElement row : orderable.subList(0, 3)) {
            row.findElement(By.cssSelector("input[type=checkbox]")).click();
        }
        screenshot("import-plans-picked");
        click("#next");
        type("Provider", "My Company");
        click("#next");
        visible(By.id("diff-create"));
        assertEquals(3, driver.findElements(By.cssSelector("#diff-create li")).size(), text("#dry-run"));
        screenshot("import-dry-run");
        click("#confirm-import");
        visible(By.cssSelector("#import-result .success"));
        assertTrue(text("#import-result").contains("3 created"), text("#import-result"));
        WebElement progress = find("#import-progress");
        assertEquals(progress.getDomProperty("max"), progress.getDomProperty("value"), "the bar ends full");
        screenshot("import-finished");

        // Step 3: rename and reprice one; an empty name is refused next to the field.
        open("#/tariffs");
        List<WebElement> rows = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#tariffs tbody tr[data-id]"));
            return found.size() == 3 ? found : null;
        });
        List<String> tariffIds = rows.stream().map(r -> r.getDomAttribute("data-id")).toList();
        renamedTariffId = tariffIds.get(0);
        open("#/tariffs/" + renamedTariffId);
        WebElement name = labelled("Name");
        name.clear();
        click("#save-tariff");
        visible(By.cssSelector("[data-field='name'] .error"));
        visible(By.cssSelector(".problem[role=alert]"));
        screenshot("tariff-edit-problem");
        name.sendKeys(RENAMED);
        String cost = find("#prices tbody tr td:nth-child(3)").getText().split(" ")[0];
        String price = new BigDecimal(cost).add(new BigDecimal("5.00")).toPlainString();
        WebElement amount = find("#prices tbody tr input");
        amount.clear();
        amount.sendKeys(price);
        assertTrue(find("#prices tbody tr td:nth-child(4)").getText().startsWith("5.00 "),
                "margin shown: " + find("#prices tbody tr td:nth-child(4)").getText());
        click("#save-tariff");
        visible(By.cssSelector("main .success"));
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), RENAMED));
        screenshot("tariff-edited");

        // Step 4: enable two, see them in the storefront preview, disable one.
        awaitKnownForSale(tariffIds);
        open("#/tariffs");
        checkRow(tariffIds.get(0));
        checkRow(tariffIds.get(1));
        click("#enable-selected");
        visible(By.id("row-results"));
        assertEquals(2, driver.findElements(By.xpath("//ul[@id='row-results']/li[.//*[text()='enabled']]")).size(),
                text("#row-results"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("announcer"), "Enable: 2 done, 0 refused"));
        screenshot("tariffs-enabled");
        String card = catalogShows(2).stream().filter(text -> text.contains(RENAMED)).findFirst()
                .orElseThrow(() -> new AssertionError("the renamed tariff is on sale"));
        assertTrue(card.contains(price + " USD"), "its new price is shown: " + card);
        screenshot("storefront-two");
        open("#/tariffs");
        checkRow(tariffIds.get(1));
        click("#disable-selected");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("row-results"), "disabled"));
        catalogShows(1);
        screenshot("storefront-one");

        // The margin guard: a plan priced below its upstream cost is refused, then sold below cost on purpose.
        open("#/tariffs/" + tariffIds.get(2));
        // Per tariff, the modules that serve it: here the one it was imported from.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#tariff-modules tbody"),
                "Upstream SSL"));
        assertTrue(text("#tariff-modules tbody").contains("imported from"), text("#tariff-modules tbody"));
        String thirdCost = find("#prices tbody tr td:nth-child(3)").getText().split(" ")[0];
        WebElement below = find("#prices tbody tr input");
        below.clear();
        below.sendKeys(new BigDecimal(thirdCost).subtract(new BigDecimal("0.01")).toPlainString());
        click("#save-tariff");
        visible(By.cssSelector("main .success"));
        open("#/tariffs");
        checkRow(tariffIds.get(2));
        click("#enable-selected");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("row-results"), "below its upstream cost"));
        screenshot("enable-refused-below-cost");
        click("#sell-below-cost");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("announcer"), "Enable: 1 done, 0 refused"));
        // The list is tariff-service's, which learns the new state from reselling-service's event: filter again.
        wait.until(d -> {
            d.findElement(By.cssSelector("#tariff-filters button")).click();
            return (Boolean) ((JavascriptExecutor) d).executeScript("const row = document.querySelector("
                    + "\"#tariffs tr[data-id='" + tariffIds.get(2) + "']\"); return !!row"
                    + " && row.innerText.includes('enabled') && row.innerText.includes('sold below cost on purpose');");
        });
        screenshot("sold-below-cost");

        // Selling: a customer orders through the API (the console has no order form); the console follows it.
        String period = given().when().get(gateway + "/api/v1/catalog?size=500").then().statusCode(200).extract()
                .path("items.find { it.id == '" + renamedTariffId + "' }.prices.find { it.period > 0 }.period")
                .toString();
        orderId = given().auth().oauth2(stack.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("tariffId", renamedTariffId, "period", Integer.parseInt(period), "customerRef", "c-1001",
                        "params", Map.of("domain", "shop.example.com")))
                .when().post(gateway + "/api/v1/orders").then().statusCode(202).extract().path("id");
        open("#/orders");
        click("#orders tr[data-id='" + orderId + "'] a");
        WebDriverWait saga = new WebDriverWait(driver, Duration.ofSeconds(90));
        saga.until(ExpectedConditions.textToBe(By.id("order-status"), "active"));
        saga.until(ExpectedConditions.elementToBeClickable(By.id("renew")));
        // Admins see which module served the order (issue 20); the storefront never does.
        wait.until(ExpectedConditions.textToBe(By.id("order-module"), "Upstream SSL"));
        assertTrue(driver.findElements(By.id("resume")).isEmpty(), "resume is not offered for an active order");
        assertFalse(driver.findElements(By.id("suspend")).isEmpty(), "suspend is offered for an active order");
        screenshot("order-active");
        String expiresBefore = expires();
        click("#renew");
        saga.until(ExpectedConditions.textToBePresentInElementLocated(By.id("last-action"), "renew: done"));
        assertEquals("active", text("#order-status"));
        assertTrue(expires().compareTo(expiresBefore) > 0, "renewed: " + expiresBefore + " → " + expires());
        screenshot("order-renewed");

        // A module selling something cannot be deleted: the refusal says why.
        open("#/modules");
        click("#modules tbody a");
        click("#delete-module");
        click("#confirm-delete");
        WebElement refusal = visible(By.cssSelector(".problem[role=alert]"));
        assertTrue(refusal.getText().contains("409"), refusal.getText());
        screenshot("module-delete-refused");
    }

    @Test
    @Order(2)
    void importWizardCanBeCompletedWithTheKeyboardAlone() {
        signIn(stack.adminToken());
        open("#/tariffs/import");
        // Each step's first control gets focus; Tab moves to Next, Enter presses it.
        WebElement moduleRadio = visible(By.cssSelector("input[name=module]"));
        assertEquals(moduleRadio, driver.switchTo().activeElement());
        tabTo(find("#next")).sendKeys(Keys.ENTER);
        visible(By.cssSelector("input[name=productType]:checked"));
        tabTo(find("#next")).sendKeys(Keys.ENTER);
        WebElement fresh = wait.until(d -> d.findElements(By.xpath("//table[@id='upstream-plans']/tbody/tr"
                + "[.//*[text()='new']][not(.//*[contains(.,'not orderable')])]//input")).stream().findFirst()
                .orElse(null));
        tabTo(fresh).sendKeys(Keys.SPACE);
        assertTrue(fresh.isSelected(), "Space ticks the plan");
        tabTo(find("#next")).sendKeys(Keys.ENTER);
        WebElement provider = wait.until(d -> {
            WebElement active = d.switchTo().activeElement();
            return "provider".equals(active.getDomAttribute("name")) ? active : null;
        });
        provider.sendKeys(Keys.ENTER);
        visible(By.id("diff-create"));
        assertEquals(find("#confirm-import"), driver.switchTo().activeElement(), "focus moves to Confirm");
        screenshot("keyboard-import-dry-run");
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        visible(By.cssSelector("#import-result .success"));
        assertTrue(text("#import-result").contains("1 created"), text("#import-result"));
        screenshot("keyboard-import-finished");
    }

    @Test
    @Order(3)
    void viewerSeesEverythingButNoWriteActionAndAForcedOneShowsTheProblem() {
        signIn(stack.viewerToken());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("role"), "viewer"));
        open("#/modules");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#modules tbody"), "Upstream SSL"));
        assertNone("#add-module");
        click("#modules tbody a");
        visible(By.cssSelector("#balance dl"));
        assertNone("#save-module", "#delete-module", "#module-edit");
        open("#/tariffs");
        visible(By.cssSelector("#tariffs tbody tr[data-id]"));
        assertNone("#import-plans", "#enable-selected", "#disable-selected", "input.pick", "#select-all");
        screenshot("viewer-tariffs");
        open("#/orders/" + orderId);
        wait.until(ExpectedConditions.textToBe(By.id("order-status"), "active"));
        assertNone("#order-actions button");

        open("#/tariffs/" + renamedTariffId);
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), RENAMED));
        assertNone("#save-tariff");
        assertEquals("true", labelled("Name").getDomProperty("readOnly"));

        // Forced: the import wizard reached by its address; the dry run goes to the gateway, which refuses with 403.
        open("#/tariffs/import");
        click("#next");
        click("#next");
        visible(By.cssSelector("#upstream-plans tbody input")).click();
        click("#next");
        click("#next");
        WebElement problem = visible(By.cssSelector(".problem[role=alert]"));
        assertTrue(problem.getText().contains("403"), problem.getText());
        screenshot("viewer-forced-dry-run-403");

        // Phone width: the page itself never scrolls sideways (wide tables scroll in their own box).
        driver.manage().window().setSize(new Dimension(390, 844));
        open("#/tariffs");
        visible(By.cssSelector("#tariffs tbody tr[data-id]"));
        Boolean fits = (Boolean) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth;");
        assertTrue(fits, "the tariff list fits a 390 px wide screen");
        screenshot("phone-tariffs");
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    // --- the browser -------------------------------------------------------------------------------------

    private static void signIn(String token) {
        driver.get(stack.gatewayUrl() + "/console/");
        // A fresh sign-in: drop the token of an earlier session in this tab.
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear();");
        driver.navigate().refresh();
        visible(By.id("token")).sendKeys(token);
        click("form button[type=submit]");
        visible(By.id("nav"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
    }

    /** Goes to a console address (the page stays loaded: the token lives in this tab) and waits for its view. */
    private static void open(String hash) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById('main').replaceChildren();"
                + " if (location.hash === arguments[0]) window.dispatchEvent(new HashChangeEvent('hashchange'));"
                + " else location.hash = arguments[0];", hash);
        visible(By.tagName("h1"));
    }

    private static WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static WebElement find(String css) {
        return visible(By.cssSelector(css));
    }

    private static String text(String css) {
        return find(css).getText();
    }

    private static void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /** The visible control whose label says {@code label}: every input is labelled, so tests find it by that. */
    private static WebElement labelled(String label) {
        WebElement forLabel = visible(By.xpath("//label[normalize-space(.)='" + label + "']"));
        return driver.findElement(By.id(forLabel.getDomAttribute("for")));
    }

    private static void type(String label, String value) {
        WebElement input = labelled(label);
        input.clear();
        input.sendKeys(value);
    }

    private static void radio(String name, String value) {
        WebElement radio = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("input[name='" + name + "'][value='" + value + "']")));
        if (!radio.isSelected()) {
            radio.click();
        }
    }

    private static void checkRow(String tariffId) {
        WebElement box = find("#tariffs tr[data-id='" + tariffId + "'] input.pick");
        if (!box.isSelected()) {
            box.click();
        }
    }

    /** Presses Tab until {@code target} has the focus (at most 500 times). */
    private static WebElement tabTo(WebElement target) {
        for (int i = 0; i < 500 && !target.equals(driver.switchTo().activeElement()); i++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertEquals(target, driver.switchTo().activeElement(), "Tab reaches " + target);
        return target;
    }

    private static void assertNone(String... selectors) {
        for (String css : selectors) {
            assertTrue(driver.findElements(By.cssSelector(css)).isEmpty(), "a viewer sees no " + css);
        }
    }

    /**
     * The storefront preview, searched again until it shows {@code count} tariffs (the catalog follows events);
     * returns the text of each card (read in one go: a search in flight replaces the cards).
     */
    @SuppressWarnings("unchecked")
    private static List<String> catalogShows(int count) {
        open("#/catalog");
        return wait.until(d -> {
            d.findElement(By.cssSelector("#catalog-filters button")).click();
            List<String> cards = (List<String>) ((JavascriptExecutor) d).executeScript(
                    "return [...document.querySelectorAll('#catalog article')].map(card => card.innerText);");
            return cards.size() == count ? cards : null;
        });
    }

    private static String expires() {
        return driver.findElement(By.xpath("//dl/dt[text()='Expires']/following-sibling::dd[1]")).getText();
    }

    private static void screenshot(String step) {
        File png = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(png.toPath(), SCREENSHOTS.resolve(String.format("%02d-%s.png", ++shot, step)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("Could not keep the screenshot of " + step, e);
        }
    }

    // --- the stack -----------------------------------------------------------------------------------------

    /** Waits until reselling-service has learned the tariffs from tariff-service's events (else enable is 404). */
    private static void awaitKnownForSale(List<String> tariffIds) {
        String reselling = stack.serviceUrl(Service.RESELLING_SERVICE);
        for (String id : tariffIds) {
            await().atMost(Duration.ofSeconds(60)).until(() -> given().auth().oauth2(stack.adminToken()).when()
                    .get(reselling + "/tariffs/" + id + "/reselling-state").then().extract().statusCode() == 200);
        }
    }

    /** Debian's chromium and chromium-driver, installed with apt-get when missing; fails when that is impossible. */
    private static void ensureChromium() throws IOException, InterruptedException {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        System.out.println("==> ConsoleIT: installing chromium and chromium-driver with apt-get");
        for (List<String> command : List.of(List.of("apt-get", "update"),
                List.of("apt-get", "install", "-y", "chromium", "chromium-driver"))) {
            int code;
            try {
                code = new ProcessBuilder(command).inheritIO().start().waitFor();
            } catch (IOException e) {
                code = -1;
            }
            if (code != 0) {
                throw new IllegalStateException("ConsoleIT needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian's"
                        + " chromium and chromium-driver) and could not install them: '" + String.join(" ", command)
                        + "' failed (exit " + code + "). Install them as root: apt-get install -y chromium chromium-driver");
            }
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("apt-get installed chromium, but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is still missing");
        }
    }
}
