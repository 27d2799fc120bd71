package oolong.introspect.debug;

import java.util.Map;

/**
 * A C structure as gcc laid it out for the image: its size and each member's offset and size.
 * The values come from {@code offsetof}/{@code sizeof} compiled with the image's own flags
 * (the build's layout probe), never from reading the declarations.
 */
public record StructLayout(String name, long size, Map<String, Member> members) {
    public record Member(String name, long offset, long size) {
    }

    public Member member(String member) {
        Member m = members.get(member);
        if (m == null) {
            throw new IllegalArgumentException("struct " + name + " has no member " + member + " (members: "
                    + members.keySet() + ")");
        }
        return m;
    }

    public long offset(String member) {
        return member(member).offset();
    }
}
