# Java names for gdb on Oolong (docs/introspection.md), loaded by the command file that
# scripts/oolong gdb and the REPL's /gdb write.
#
# The images' DWARF already speaks Java lines (TeaVM writes #line directives), so `list`, `next`
# and `step` follow the Java source. What gdb cannot know is which C function compiles which Java
# method: the build's debug information (kernel.debug, user.debug) says, and this file teaches it:
#
#   jbreak Processes.kill      a breakpoint on every C function of that Java method
#   jbreak oolong.kernel.proc.Processes.kill
#   jmethods Processes.k       list the Java methods (and their C names) matching a prefix
#   bt                         frames show Java methods (a frame filter)
import gdb
from gdb.FrameDecorator import FrameDecorator

_methods = {}      # C function -> "class.name(params)"
_by_java = {}      # "class.name" -> [C functions]


def _simple(descriptor):
    """JVM parameter descriptor -> "Process, long"."""
    out, i, end = [], 1, descriptor.index(")")
    prims = {"Z": "boolean", "B": "byte", "C": "char", "S": "short", "I": "int", "J": "long", "F": "float",
             "D": "double"}
    while i < end:
        dims = 0
        while descriptor[i] == "[":
            dims, i = dims + 1, i + 1
        if descriptor[i] == "L":
            semi = descriptor.index(";", i)
            name = descriptor[i + 1:semi].split("/")[-1]
            i = semi + 1
        else:
            name, i = prims.get(descriptor[i], "?"), i + 1
        out.append(name + "[]" * dims)
    return ", ".join(out)


def load(path):
    count = 0
    with open(path) as f:
        for line in f:
            if not line.startswith("method\t"):
                continue
            _, cname, cls, name, desc = line.rstrip("\n").split("\t")
            _methods[cname] = "%s.%s(%s)" % (cls, name, _simple(desc))
            _by_java.setdefault(cls + "." + name, []).append(cname)
            count += 1
    return count


def lookup(java):
    if java in _by_java:
        return list(_by_java[java])
    found = []
    for full, cnames in _by_java.items():
        if full.endswith("." + java) or full.endswith("$" + java):
            found.extend(cnames)
    return sorted(set(found))


class LoadDebugInfo(gdb.Command):
    """oolong-debuginfo FILE...: read the build's debug information (kernel.debug, user.debug)."""

    def __init__(self):
        super().__init__("oolong-debuginfo", gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        for path in gdb.string_to_argv(arg):
            print("oolong: %d Java methods from %s" % (load(path), path))


class JavaBreak(gdb.Command):
    """jbreak CLASS.METHOD: break on the Java method (every C function TeaVM made of it).
CLASS may be the simple name (Processes.kill) or the full one (oolong.kernel.proc.Processes.kill)."""

    def __init__(self):
        super().__init__("jbreak", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg, from_tty):
        java = arg.strip()
        cnames = lookup(java)
        if not cnames:
            raise gdb.GdbError("no Java method %s in the images (jmethods PREFIX lists them)" % java)
        for c in cnames:
            gdb.Breakpoint(c)
            print("  %s is %s" % (c, _methods[c]))


class JavaMethods(gdb.Command):
    """jmethods PREFIX: the Java methods whose Class.name starts with PREFIX, with their C functions."""

    def __init__(self):
        super().__init__("jmethods", gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        prefix = arg.strip()
        for cname, java in sorted(_methods.items(), key=lambda kv: kv[1]):
            short = java.split("(")[0]
            if short.startswith(prefix) or short.split(".")[-2:][0].startswith(prefix) or \
                    ".".join(short.split(".")[-2:]).startswith(prefix):
                print("%-70s %s" % (java, cname))


class JavaFrame(FrameDecorator):
    def function(self):
        name = super().function()
        if isinstance(name, str) and name in _methods:
            return _methods[name]
        return name


class JavaFrames:
    """Shows Java methods instead of TeaVM's C names in backtraces."""

    def __init__(self):
        self.name = "oolong-java"
        self.priority = 100
        self.enabled = True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        return map(JavaFrame, frames)


LoadDebugInfo()
JavaBreak()
JavaMethods()
JavaFrames()
