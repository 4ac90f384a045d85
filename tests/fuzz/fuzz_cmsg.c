/* libFuzzer target: the ancillary data parser of receives, fed arbitrary control bytes as if
 * recvmsg had returned them (any lengths, levels and types).  It may only read inside them. */
#include "../../csrc/internal.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    struct sctpc_recvinfo info;
    struct msghdr m;
    /* an exactly sized, aligned copy so ASan sees any read past the end */
    void *ctl = size ? malloc(size) : NULL;
    if (size && !ctl)
        return 0;
    if (size)
        memcpy(ctl, data, size);
    memset(&m, 0, sizeof m);
    memset(&info, 0, sizeof info);
    m.msg_control = ctl;
    m.msg_controllen = size;
    sctpc__read_cmsgs(&m, &info);
    if (info.has_info > 1 || info.has_nxt > 1)
        abort();
    free(ctl);
    return 0;
}
