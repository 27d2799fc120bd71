package oolong.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 3: ld links the objects with musl's libc.a and libgcc (only what is referenced survives
 * --gc-sections) into a static 64-bit ELF, kept as NAME64.elf (symbols and DWARF); objcopy makes
 * the image that boots without the DWARF and, for the kernel, re-wraps it as a 32-bit ELF because
 * QEMU's multiboot loader only accepts those. Skipped when no input changed.
 */
final class Linker {
    private final Toolchain tools;

    Linker(Toolchain tools) {
        this.tools = tools;
    }

    /** Links; returns true when ld ran. */
    boolean link(ImageSpec spec, List<Path> objects, Path script, Path workDir, Path outDir) throws IOException {
        Path elf64 = workDir.resolve(spec.name() + "64.elf");
        Path map = workDir.resolve(spec.name() + ".map");
        Path finalElf = outDir.resolve(spec.name() + ".elf");
        List<String> command = new ArrayList<>(List.of(tools.ld.toString(), "-nostdlib", "-static", "-T", script.toString(),
                "--gc-sections", "-z", "noexecstack", "--no-warn-rwx-segments", "-Map", map.toString()));
        for (Path o : objects) {
            command.add(o.toString());
        }
        command.addAll(List.of(Toolchain.MUSL_LIBC.toString(), tools.libgcc.toString(), "-o", elf64.toString()));
        Hashes h = new Hashes().add(String.join("\u0000", command));
        for (Path o : objects) {
            h.addFile(o);
        }
        h.addFile(script).addFile(Toolchain.MUSL_LIBC);
        String fingerprint = h.hex();
        Path stamp = workDir.resolve("link.stamp");
        boolean fresh = Files.exists(stamp) && Files.readString(stamp).trim().equals(fingerprint) && Files.exists(elf64);
        if (!fresh) {
            Toolchain.run(command, workDir);
            /* LocalNumbers' symbols were only there to be resolved: without them, no symbol table
               names a string-pool entry oolong_s_... or a small number oolong_cs_... */
            Toolchain.run(List.of(tools.objcopy.toString(), "--wildcard", "--strip-symbol=oolong_s_*",
                    "--strip-symbol=oolong_cs_*", elf64.toString()), workDir);
            Files.writeString(stamp, fingerprint + "\n");
        }
        Files.createDirectories(outDir);
        /* what boots is the image without its DWARF (QEMU loads a module's whole file into guest
           memory); NAME64.elf keeps everything, for addr2line, gdb and the REPL's symbols */
        Path booted = workDir.resolve(spec.name() + ".elf");
        if (!fresh || !Files.exists(booted)) {
            List<String> objcopy = new ArrayList<>(List.of(tools.objcopy.toString(), "--strip-debug"));
            if (spec.elf32ForMultiboot()) {
                objcopy.addAll(List.of("-O", "elf32-i386"));
            }
            objcopy.addAll(List.of(elf64.toString(), booted.toString()));
            Toolchain.run(objcopy, workDir);
        }
        Files.copy(booted, finalElf, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(elf64, outDir.resolve(spec.name() + "64.elf"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(map, outDir.resolve(spec.name() + ".map"), StandardCopyOption.REPLACE_EXISTING);
        return !fresh;
    }
}
