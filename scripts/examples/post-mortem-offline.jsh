// The same kernel, later, from its dump and with no QEMU (scripts/oolong open DUMP THIS-FILE).
vm
vm.core().ps()
vm.backtrace().frame("Processes.kill")
vm.registers()
vm.core().proc(2).ref("parent").ref("state").enumName()
vm.core().heap().of("oolong.kernel.proc.Process")
Oolong.expect(vm.backtrace().mentions("Processes.kill"), "the panic's kill path is in the dump");
