# QEMU's supervising parent (oolong.qmp.QemuSupervisor runs it with `setsid bash -c`).
#
#   bash -c "$SCRIPT" oolong-qemu DIR N OWNER_DIR_1 .. OWNER_DIR_N QEMU [ARGS...]
#
# Why it exists: QEMU must neither share the REPL's terminal (Ctrl-C sends SIGINT to the whole
# foreground process group) nor outlive the JVM that started it, even a JVM killed by SIGKILL,
# which runs no shutdown hook. setsid puts this script and QEMU in a session of their own, so no
# terminal signal reaches them. Its standard input is a pipe whose only writer is the JVM: the
# kernel closes it when the JVM dies, however it dies, so end of file here means "the owner is
# gone". (A parent-death signal set on QEMU by the JVM would not do: Linux sends it when the
# *thread* that started the child ends, and REPL snippets run on short-lived threads.)
#
# - QEMU ends by itself: exit with its status (so the JVM sees QEMU's own status).
# - The JVM writes "close": end QEMU (SIGTERM, SIGKILL after 2 s); the JVM removes DIR itself.
# - End of file (the JVM died): end QEMU the same way, then remove DIR and the OWNER_DIRs.
# - This script is killed: QEMU gets SIGKILL from the parent-death signal set by setpriv (this
#   shell has one thread, so "the thread that started QEMU" is the whole process).
set -u
dir=$1
n=$2
shift 2
owner_dirs=("${@:1:n}")
shift "$n"

setpriv --pdeathsig KILL -- "$@" </dev/null &
qemu=$!
echo "$qemu" >"$dir/qemu.pid.new" && mv -f -- "$dir/qemu.pid.new" "$dir/qemu.pid"
exec 2>/dev/null            # keep bash's job notices ("Killed") out of QEMU's log

owner=present
while kill -0 "$qemu"; do
    # bash reaps QEMU as soon as it ends, so kill -0 fails then; the read wakes 4 times a second
    if IFS= read -r -t 0.25 word; then
        owner=closing       # "close": the JVM ends the machine
        break
    elif [ $? -le 128 ]; then
        owner=gone          # end of file, not a timeout: the JVM has died
        break
    fi
done

if [ "$owner" != present ]; then
    kill -TERM "$qemu"
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        kill -0 "$qemu" || break
        sleep 0.1
    done
    kill -KILL "$qemu"
fi
wait "$qemu"
status=$?
if [ "$owner" = gone ]; then
    rm -rf -- "$dir" "${owner_dirs[@]}"
fi
exit "$status"
