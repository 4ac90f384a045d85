/* libFuzzer target: option values built from caller input (option by index, member names and
 * values), then turned back into fields.  Nothing may write outside the option buffer. */
#include "sctp_core.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const struct sctpc_optdesc *d;
    struct sctpc_optval v;
    struct sctpc_fields f;
    size_t pos = 1;
    int n = 0;
    if (size < 1)
        return 0;
    while (sctpc_optdesc_at(n))
        n++;
    d = sctpc_optdesc_at(data[0] % n);
    if (sctpc_optval_init(&v, d->name) != 0 || v.len > sizeof v.buf)
        abort();
    while (pos + 9 <= size) {
        const char *member = d->members[data[pos] % d->nmembers].name;
        int64_t value;
        memcpy(&value, data + pos + 1, sizeof value);
        if (data[pos] & 0x80) {
            struct sockaddr_storage a;
            memset(&a, 0, sizeof a);
            a.ss_family = (value & 1) ? AF_INET6 : AF_INET;
            memcpy((char *)&a + 2, data + pos + 1, 8);
            (void)sctpc_optval_set_addr(&v, member, &a);
        } else {
            (void)sctpc_optval_set_int(&v, member, value);
        }
        pos += 9;
    }
    sctpc_optval_fields(&v, &f);
    if (f.count != d->nmembers)
        abort();
    return 0;
}
