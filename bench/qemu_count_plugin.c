/* A QEMU TCG plugin that counts every instruction the emulated machine runs, user space and
 * kernel apart, and writes the running totals whenever a guest program asks (count_mark.c).
 *
 *   qemu-system-x86_64 ... -plugin build-release/bench/libqemu_count_plugin.so,out=FILE
 *   (tests/vm/sctp-vm does this when SCTP_VM_PLUGIN names the plugin; FILE is then
 *   /io/plugin.txt in the guest)
 *
 * Callgrind counts a process's own instructions; a receive's cost is mostly in the kernel,
 * which the emulator runs too.  Counting the kernel's part as well gives what a call costs
 * the machine, free of the host's load and of the emulator's per-instruction costs.
 *
 * Each translated block adds its length to its vCPU's user or kernel total when it runs (a
 * block cut short by a fault still counts whole: a handful of instructions).  A mark is the
 * instruction pair `mov $0x53435450, %eax; cpuid` ("PTCS") in user space: when it runs, one
 * line "N VCPU USER KERNEL" (totals over all vCPUs) is written and flushed.
 *
 * Written against QEMU 7.2's plugin API (version 1, Debian 12's qemu-system-x86); the few
 * declarations it uses are repeated here so it builds without QEMU's headers. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);

#define EXPORT __attribute__((visibility("default")))
EXPORT int qemu_plugin_version = 1;

#define MAX_VCPUS 64
#define KERNEL_START 0xffff800000000000ULL      /* x86-64: the upper half is the kernel's */

/* Each vCPU adds to its own pair only: no atomics; a mark reads them all. */
static uint64_t totals[MAX_VCPUS][2];           /* [vcpu][0: user, 1: kernel] */
static FILE *out;
static unsigned long marks;

static void on_block(unsigned int vcpu, void *udata)
{
    uintptr_t v = (uintptr_t)udata;             /* length << 1 | kernel */
    totals[vcpu % MAX_VCPUS][v & 1] += v >> 1;
}

static void on_mark(unsigned int vcpu, void *udata)
{
    unsigned long long user = 0, kernel = 0;
    (void)udata;
    for (int i = 0; i < MAX_VCPUS; i++) {
        user += totals[i][0];
        kernel += totals[i][1];
    }
    fprintf(out, "%lu %u %llu %llu\n", ++marks, vcpu, user, kernel);
    fflush(out);    /* the guest reads the file (9p) as soon as its mark returns */
}

static int is_mark(const struct qemu_plugin_insn *mov, const struct qemu_plugin_insn *cpuid)
{
    static const unsigned char mov_eax[5] = { 0xb8, 'P', 'T', 'C', 'S' };
    static const unsigned char cpuid_op[2] = { 0x0f, 0xa2 };
    return qemu_plugin_insn_size(cpuid) == 2 && memcmp(qemu_plugin_insn_data(cpuid), cpuid_op, 2) == 0
        && qemu_plugin_insn_size(mov) == 5 && memcmp(qemu_plugin_insn_data(mov), mov_eax, 5) == 0;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    int kernel = qemu_plugin_tb_vaddr(tb) >= KERNEL_START;
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_cb(tb, on_block, QEMU_PLUGIN_CB_NO_REGS,
                                         (void *)(uintptr_t)(n << 1 | (size_t)kernel));
    for (size_t i = 1; !kernel && i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (is_mark(qemu_plugin_tb_get_insn(tb, i - 1), insn))
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc, char **argv)
{
    const char *path = NULL;
    (void)info;
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "out=", 4) == 0)
            path = argv[i] + 4;
    if (path == NULL || (out = fopen(path, "w")) == NULL) {
        fprintf(stderr, "qemu_count_plugin: needs out=FILE, a file it can write\n");
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    return 0;
}
