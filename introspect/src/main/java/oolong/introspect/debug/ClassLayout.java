package oolong.introspect.debug;

import java.util.List;

/**
 * A Java class of the image: its C structure, the symbol of its class record (TeaVM's
 * "virtual table", which every object's header points to), its superclass, its instance size
 * and its own fields (inherited ones are in the superclass's layout, at the same offsets: TeaVM
 * embeds the superclass's structure first).
 */
public record ClassLayout(String name, String struct, String vtableSymbol, String superclass, long size,
                          List<FieldLayout> fields) {
}
