/* libFuzzer target: address text parsing and formatting round trip (numeric hosts). */
#include "sctp_core.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char host[128], out[64];
    struct sockaddr_storage a, b;
    int port;
    if (size < 2 || size > sizeof host + 1)
        return 0;
    port = data[0] | (data[1] << 8);
    memcpy(host, data + 2, size - 2);
    host[size - 2] = '\0';
    /* numeric hosts only: a name would be looked up with getaddrinfo */
    if (!sctpc_addr_is_numeric(host) ||
        sctpc_addr_resolve(host, port, 0, 0, &a, NULL) != 0 || a.ss_family == AF_UNSPEC)
        return 0;
    if (sctpc_addr_format(&a, out, sizeof out) != port)
        abort();
    if (sctpc_addr_resolve(out, port, 0, 0, &b, NULL) != 0 || memcmp(&a, &b, sctpc_addrlen(a.ss_family)))
        abort();
    return 0;
}
