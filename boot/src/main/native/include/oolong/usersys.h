/* What Java user programs import (oolong.user.sys.Sys); implemented in user/syscalls.c. */
#pragma once
#include <stdint.h>

int64_t u_syscall(int32_t nr, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5);
void u_flush_console(void);
int64_t u_interrupt_count(void);
int64_t u_interrupt_handler(void);
int32_t u_crash(int32_t kind);
int64_t u_read_byte(int32_t handle);
int32_t u_fpu_abi_check(void);
int64_t u_shared_memory_store(int64_t address, int64_t value);
int64_t u_thread_fork(int32_t flags, int64_t stack, int64_t stack_bytes);
