/* A one-to-many SCTP echo server on the C core: the C side of echo.py's comparison (the
 * same load, served by an sctp.aio endpoint or by this).
 *   echo_c     prints its port, then sends every message back on its association and
 *              stream, with its PPID, until killed. */
#include "sctp_core.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int must(int r, const char *what)
{
    if (r < 0) {
        fprintf(stderr, "echo_c: %s: %s\n", what, strerror(-r));
        exit(1);
    }
    return r;
}

int main(void)
{
    static char buf[65536];
    struct sockaddr_storage a;
    struct sockaddr_in *sin = (struct sockaddr_in *)&a;
    int fd = must(sctpc_socket(AF_INET, SOCK_SEQPACKET), "socket");
    struct sctpc_sock *s = sctpc_sock_new(fd);

    memset(&a, 0, sizeof a);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    must(sctpc_bind(fd, &a), "bind");
    must(sctpc_listen(fd, 1000), "listen");
    must(sctpc_setopt_int(fd, IPPROTO_SCTP, SCTP_NODELAY, 1), "nodelay");
    must(sctpc_setopt_int(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1), "recvrcvinfo");
    must(sctpc_getsockname(fd, &a), "getsockname");
    printf("%d\n", ntohs(sin->sin_port));
    fflush(stdout);
    for (;;) {
        struct sctpc_recvinfo ri;
        struct sctpc_sendinfo si = { 0 };
        int n = must(sctpc_recv(s, 0, buf, sizeof buf, &ri), "recv");
        int note = (ri.msg_flags & SCTPC_MSG_NOTIFICATION) != 0;
        sctpc_recvinfo_clear(&ri);
        if (note)
            continue;
        si.valid = 1;
        si.stream = ri.stream;
        si.ppid = ri.ppid;
        si.assoc_id = ri.assoc_id;
        must(sctpc_send(s, NULL, &si, 0, buf, (size_t)n), "send");
    }
}
