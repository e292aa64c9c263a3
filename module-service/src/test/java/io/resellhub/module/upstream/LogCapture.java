package io.resellhub.module.upstream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures every log record of the client's package at every level (DEBUG included) through a
 * java.util.logging handler, which sees JBoss Logging output whether JBoss LogManager or the JDK's is in
 * charge. Each captured line holds the formatted message, every raw parameter and the thrown chain.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousUseParentHandlers;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
        this.previousLevel = logger.getLevel();
        this.previousUseParentHandlers = logger.getUseParentHandlers();
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false); // keep the DEBUG flood off the build's console
        logger.addHandler(this);
    }

    static LogCapture of(Class<?> type) {
        return new LogCapture(type.getPackageName());
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder();
        line.append(record.getLevel()).append(' ').append(formatted(record));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                line.append(" | ").append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    private static String formatted(LogRecord record) {
        if (record instanceof org.jboss.logmanager.ExtLogRecord) {
            return ((org.jboss.logmanager.ExtLogRecord) record).getFormattedMessage();
        }
        return record.getMessage();
    }

    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParentHandlers);
    }
}
