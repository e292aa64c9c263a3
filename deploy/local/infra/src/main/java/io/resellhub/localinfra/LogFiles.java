package io.resellhub.localinfra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reading the end of a child process's log file, for error messages. */
public final class LogFiles {

    private static final int MAX_TAIL_BYTES = 64 * 1024;

    private LogFiles() {
    }

    /** The last {@code lines} lines of {@code file} (fewer if the file is shorter or missing). */
    public static List<String> tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_TAIL_BYTES);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            List<String> all = new ArrayList<>(Arrays.asList(
                    new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1)));
            if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
                all.remove(all.size() - 1);
            }
            if (size < length && !all.isEmpty()) {
                all.remove(0); // most likely a partial line
            }
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }

    /** {@link #tail} as one indented block, ready to append to an error message. */
    public static String tailBlock(Path file, int lines) {
        List<String> tail = tail(file, lines);
        if (tail.isEmpty()) {
            return "    (" + file + " is empty or missing)";
        }
        StringBuilder block = new StringBuilder();
        for (String line : tail) {
            if (block.length() > 0) {
                block.append(System.lineSeparator());
            }
            block.append("    | ").append(line);
        }
        return block.toString();
    }
}
