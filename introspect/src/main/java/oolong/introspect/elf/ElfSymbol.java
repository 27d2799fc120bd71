package oolong.introspect.elf;

/** One symbol-table entry. {@code type}: 1 object, 2 function; {@code bind}: 0 local, 1 global, 2 weak. */
public record ElfSymbol(String name, long value, long size, int type, int bind, int sectionIndex) {
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;

    public boolean function() {
        return type == STT_FUNC;
    }

    public boolean object() {
        return type == STT_OBJECT;
    }

    /** Defined in a section of this file (not undefined, not absolute). */
    public boolean defined() {
        return sectionIndex != 0 && sectionIndex < 0xff00;
    }
}
