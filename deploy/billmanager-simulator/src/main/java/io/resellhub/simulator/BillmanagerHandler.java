package io.resellhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * HTTP side of {@code <base>/billmgr}: reads the call (GET query or POST form), applies an armed
 * fault, runs the function and streams the answer in the requested format, always with HTTP 200.
 */
final class BillmanagerHandler implements HttpHandler {

    static final String PATH = "/billmgr";

    /** Function names are logged and counted; anything else a client sends there is not echoed. */
    private static final Pattern FUNC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final BillmanagerApi api;
    private final Faults faults;
    private final CallCounts calls;
    private final SimulatorConfig config;
    private final CallLog log;

    BillmanagerHandler(BillmanagerApi api, Faults faults, CallCounts calls, SimulatorConfig config, CallLog log) {
        this.api = api;
        this.faults = faults;
        this.calls = calls;
        this.config = config;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String funcLabel = "-";
        DocFormat format = DocFormat.XML;
        String outcome = "ok";
        try {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals(PATH) && !path.equals(PATH + "/")) {
                outcome = "404";
                HttpResponses.html(exchange, 404, HttpResponses.NGINX_404);
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("POST")) {
                outcome = "405";
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                HttpResponses.send(exchange, 405, "text/plain; charset=utf-8", "Method Not Allowed\n");
                return;
            }
            Params params;
            try {
                params = Params.read(exchange);
            } catch (IllegalArgumentException malformedEscape) {
                outcome = "400";
                HttpResponses.send(exchange, 400, "text/plain; charset=utf-8", "Bad Request\n");
                return;
            }
            String func = params.value("func");
            funcLabel = func == null ? "(none)" : FUNC_NAME.matcher(func).matches() ? func : "(invalid)";
            format = DocFormat.fromOut(params.value("out"));
            String lang = params.value("lang") != null ? params.value("lang") : config.defaultLang();
            calls.increment(funcLabel);

            Fault fault = faults.take(func);
            if (fault != null && fault.kind() == Fault.Kind.SLOW) {
                pause(fault.hangFor());
                fault = null;
            }
            if (fault != null && fault.kind() != Fault.Kind.DROP_AFTER_PROCESSING) {
                outcome = "fault " + fault.kind().code();
                inject(exchange, fault, format, lang);
                return;
            }
            DocNode answer;
            try {
                answer = api.call(func, params, lang);
            } catch (ApiError error) {
                answer = error.toDoc(lang);
                outcome = "error " + error.type() + (error.object() == null ? "" : "/" + error.object());
            } catch (RuntimeException unexpected) {
                answer = new ApiError("internal", null, Messages.Key.INTERNAL).toDoc(lang);
                outcome = "error internal (" + unexpected.getClass().getSimpleName() + ")";
            }
            if (fault != null) {
                outcome = outcome + ", then fault " + fault.kind().code();
                throw new ConnectionDropped("dropped after processing");
            }
            write(exchange, format, answer);
        } finally {
            log.call(funcLabel, format, outcome, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void inject(HttpExchange exchange, Fault fault, DocFormat format, String lang) throws IOException {
        switch (fault.kind()) {
            case HTTP_500:
                HttpResponses.html(exchange, 500, HttpResponses.NGINX_500);
                break;
            case HTML:
                HttpResponses.html(exchange, 200, HttpResponses.LOGIN_PAGE);
                break;
            case ERROR:
                String message = fault.message() != null ? fault.message()
                        : Messages.format(Messages.Key.SIMULATED, lang, fault.errorType());
                write(exchange, format, ApiError.verbatim(fault.errorType(), fault.errorObject(), message).toDoc(lang));
                break;
            case HANG:
                Duration hang = fault.hangFor() != null ? fault.hangFor() : config.hangDuration();
                pause(hang);
                throw new ConnectionDropped("hung for " + hang);
            default:
                throw new IllegalStateException("not injected before processing: " + fault.kind());
        }
    }

    /** Renders straight into the response; a 10,000-plan export is streamed, never held as one string. */
    private void write(HttpExchange exchange, DocFormat format, DocNode answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", format.contentType());
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new ResponseBody(exchange), StandardCharsets.UTF_8), 1 << 16)) {
            DocWriter.of(format, config.singleElementListsAsObject()).write(answer, out);
        }
    }
}
