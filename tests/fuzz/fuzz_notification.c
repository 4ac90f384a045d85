/* libFuzzer target: notification decoding, fed arbitrary bytes as if read from the kernel.
 * Every field must point inside the input. */
#include "sctp_core.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    struct sctpc_fields f;
    int i;
    if (sctpc_notification_fields(data, size, &f) != 0)
        return 0;
    for (i = 0; i < f.count; i++) {
        const struct sctpc_field *x = &f.f[i];
        const unsigned char *p = x->ptr;
        size_t n = x->kind == SCTPC_U16LIST ? 2 * x->len : x->kind == SCTPC_S32LIST ? 4 * x->len
                 : x->kind == SCTPC_NAME ? 0 : x->len;
        if (x->kind == SCTPC_INT || x->kind == SCTPC_NAME)
            continue;
        if (p < data || p + n > data + size)
            abort();
        if (n) {
            volatile unsigned char sink = p[n - 1];     /* ASan checks the whole range */
            (void)sink;
        }
    }
    return 0;
}
