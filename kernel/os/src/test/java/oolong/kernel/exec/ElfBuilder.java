package oolong.kernel.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds small ELF64 files for the loader's tests; every field can be spoiled. */
final class ElfBuilder {
    byte[] magic = {0x7F, 'E', 'L', 'F'};
    int elfClass = 2;
    int data = 1;
    int version = 1;
    int type = 2;
    int machine = 62;
    int phentsize = 56;
    long phoff = 64;
    Integer phnumOverride;
    long entry = 0x4000_0010L;
    int fileSize = 0x4000;
    final List<long[]> phdrs = new ArrayList<>();

    /** A text segment (R-X, one full page + a bit) and a data segment (RW-, 0x800 file bytes, 3 pages memory). */
    static ElfBuilder standard() {
        ElfBuilder b = new ElfBuilder();
        b.load(ElfImage.PF_R | ElfImage.PF_X, 0x1000, 0x4000_0000L, 0x1100, 0x1100);
        b.load(ElfImage.PF_R | ElfImage.PF_W, 0x3000, 0x4000_3000L, 0x800, 0x3000);
        return b;
    }

    ElfBuilder load(int flags, long offset, long vaddr, long filesz, long memsz) {
        return phdr(ElfImage.PT_LOAD, flags, offset, vaddr, filesz, memsz, 0x1000);
    }

    ElfBuilder phdr(long ptype, int flags, long offset, long vaddr, long filesz, long memsz, long align) {
        phdrs.add(new long[] {ptype, flags, offset, vaddr, filesz, memsz, align});
        return this;
    }

    byte[] build() {
        ByteBuffer b = ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 64; i < fileSize; i++) {
            b.put(i, (byte) (i * 7 + 1));   /* recognisable file contents */
        }
        b.put(0, magic[0]).put(1, magic[1]).put(2, magic[2]).put(3, magic[3]);
        b.put(4, (byte) elfClass).put(5, (byte) data).put(6, (byte) version);
        for (int i = 7; i < 16; i++) {
            b.put(i, (byte) 0);
        }
        b.putShort(16, (short) type).putShort(18, (short) machine).putInt(20, 1);
        b.putLong(24, entry).putLong(32, phoff).putLong(40, 0).putInt(48, 0);
        b.putShort(52, (short) 64).putShort(54, (short) phentsize);
        b.putShort(56, (short) (phnumOverride != null ? phnumOverride : phdrs.size()));
        b.putShort(58, (short) 64).putShort(60, (short) 0).putShort(62, (short) 0);
        for (int i = 0; i < phdrs.size(); i++) {
            long[] p = phdrs.get(i);
            int at = (int) phoff + 56 * i;
            if (at < 0 || at + 56 > fileSize) {
                break;
            }
            b.putInt(at, (int) p[0]).putInt(at + 4, (int) p[1]).putLong(at + 8, p[2]).putLong(at + 16, p[3])
                    .putLong(at + 24, p[3]).putLong(at + 32, p[4]).putLong(at + 40, p[5]).putLong(at + 48, p[6]);
        }
        return b.array();
    }
}
