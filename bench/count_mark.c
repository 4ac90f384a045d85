/* count_mark(): asks qemu_count_plugin (when the VM runs with it) to write its instruction
 * totals.  The plugin recognises this exact pair of instructions; on a machine without the
 * plugin it is an ordinary cpuid, harmless.  Called through ctypes by count_instructions.py. */
void count_mark(void)
{
    unsigned int a, b, c = 0, d;
    __asm__ volatile("mov %4, %%eax\n\tcpuid"
                     : "=a"(a), "=b"(b), "+c"(c), "=d"(d)
                     : "i"(0x53435450));    /* "PTCS" little-endian: the plugin's mark */
    (void)a; (void)b; (void)d;
}
