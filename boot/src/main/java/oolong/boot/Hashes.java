package oolong.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints: the build skips a step when the fingerprint of its inputs is unchanged. */
final class Hashes {
    private final MessageDigest digest;

    Hashes() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Hashes add(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        add(b.length);
        digest.update(b);
        return this;
    }

    Hashes add(long v) {
        for (int i = 0; i < 8; i++) {
            digest.update((byte) (v >>> (8 * i)));
        }
        return this;
    }

    Hashes add(byte[] b) {
        add(b.length);
        digest.update(b);
        return this;
    }

    /** Adds a file's name and content; a missing file hashes differently from any present one. */
    Hashes addFile(Path p) {
        add(p.toString());
        try {
            return Files.exists(p) ? add(Files.readAllBytes(p)) : add(-1L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    static String ofFile(Path p) {
        return new Hashes().addFile(p).hex();
    }
}
