// The same kernel, later, from its dump and with no QEMU (scripts/oolong open DUMP THIS-FILE).
vm
vm.core().ps()
vm.backtrace().frames().get(4)
vm.registers()
vm.core().proc(2).ref("parent")
vm.core().heap().of("oolong.kernel.proc.Process")
Oolong.expect(vm.backtrace().mentions("Processes.kill"), "the panic's kill path is in the dump");
