/* libFuzzer target: option values from both directions.  data[0] picks the option; with its
 * high bit clear the rest are (member, value) pairs set as a caller would (integers,
 * addresses, lists, bytes), else the rest is what a getsockopt returned (any length, any
 * counts).  Either way the fields must stay inside the option buffer. */
#include "sctp_core.h"

#include <stdlib.h>
#include <string.h>

static void check_fields(const struct sctpc_optval *v, int nmembers)
{
    static const size_t width[] = { [SCTPC_U8LIST] = 1, [SCTPC_U16LIST] = 2,
                                    [SCTPC_S32LIST] = 4, [SCTPC_BYTES] = 1 };
    struct sctpc_fields f;
    int i;
    sctpc_optval_fields(v, &f);
    if (f.count != nmembers)
        abort();
    for (i = 0; i < f.count; i++) {
        const struct sctpc_field *x = &f.f[i];
        const unsigned char *p = x->ptr;
        size_t n = x->kind == SCTPC_ADDR ? sizeof(struct sockaddr_storage)
                 : x->kind == SCTPC_INT || x->kind == SCTPC_NAME ? 0 : width[x->kind] * x->len;
        if (n && (p < v->buf || p + n > v->buf + sizeof v->buf))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const struct sctpc_optdesc *d;
    static struct sctpc_optval v;
    size_t pos = 1;
    int n = 0;
    if (size < 1)
        return 0;
    while (sctpc_optdesc_at(n))
        n++;
    d = sctpc_optdesc_at((data[0] & 0x7f) % n);
    if (sctpc_optval_init(&v, d->name) != 0 || v.len > sizeof v.buf)
        abort();
    if (data[0] & 0x80) {               /* as returned by the kernel */
        size_t k = size - 1 < sizeof v.buf ? size - 1 : sizeof v.buf;
        memcpy(v.buf, data + 1, k);
        v.len = (socklen_t)k;
        check_fields(&v, d->nmembers);
        return 0;
    }
    while (pos + 9 <= size) {
        const struct sctpc_member *m = &d->members[data[pos] % d->nmembers];
        int64_t value;
        memcpy(&value, data + pos + 1, sizeof value);
        if (m->kind == SCTPC_M_ADDR) {
            struct sockaddr_storage a;
            memset(&a, 0, sizeof a);
            a.ss_family = (value & 1) ? AF_INET6 : AF_INET;
            memcpy((char *)&a + 2, data + pos + 1, 8);
            (void)sctpc_optval_set_addr(&v, m->name, &a);
        } else if (m->kind == SCTPC_M_BYTES) {
            (void)sctpc_optval_set_bytes(&v, m->name, data + pos, (size_t)(value & 0x3fff) % (size - pos));
        } else if (m->kind >= SCTPC_M_LIST8) {
            int64_t list[64];
            size_t k, count = (size_t)(value & 63);
            for (k = 0; k < count; k++)
                list[k] = (int64_t)(int8_t)data[(pos + k) % size] * (value >> 8);
            (void)sctpc_optval_set_list(&v, m->name, list, count);
        } else {
            (void)sctpc_optval_set_int(&v, m->name, value);
        }
        if (v.len > sizeof v.buf)
            abort();
        pos += 9;
    }
    check_fields(&v, d->nmembers);
    return 0;
}
