/* Tests of the C core against the kernel's SCTP (run in the VM where the host has none). */
#include "sctp_core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures, checks;
#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define OK(expr) ({ int r_ = (expr); if (r_ < 0) { fprintf(stderr, "%s:%d: %s -> %s\n", \
    __FILE__, __LINE__, #expr, strerror(-r_)); exit(1); } r_; })

static struct sockaddr_storage loopback(int family, int port)
{
    struct sockaddr_storage a;
    OK(sctpc_addr_parse(family == AF_INET6 ? "::1" : "127.0.0.1", port, 0, 0, &a));
    return a;
}

static int port_of(int fd)
{
    struct sockaddr_storage a;
    char host[64];
    OK(sctpc_getsockname(fd, &a));
    return sctpc_addr_format(&a, host, sizeof host);
}

/* A listening one-to-one server and a connected client, family-generic. */
static void one_to_one(int family)
{
    int srv = OK(sctpc_socket(family, SOCK_STREAM)), cli, conn, n;
    struct sockaddr_storage a = loopback(family, 0), peer;
    struct sctpc_sendinfo si = { .stream = 2, .ppid = htonl(46), .context = 7 };
    struct sctpc_recvinfo ri;
    char buf[256];

    OK(sctpc_bind(srv, &a));
    OK(sctpc_listen(srv, 4));
    a = loopback(family, port_of(srv));
    cli = OK(sctpc_socket(family, SOCK_STREAM));
    {
        struct sctpc_optval v;
        OK(sctpc_optval_init(&v, "SCTP_INITMSG"));
        OK(sctpc_optval_set_int(&v, "num_ostreams", 5));
        OK(sctpc_optval_set_int(&v, "max_instreams", 5));
        OK(sctpc_setopt(cli, &v));
    }
    CHECK(sctpc_connectx(cli, &a, 1, 2000) > 0);         /* an association id */
    conn = OK(sctpc_accept(srv, &peer, 2000));
    CHECK(peer.ss_family == family);
    OK(sctpc_setopt_int(conn, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1));

    n = OK(sctpc_send(cli, NULL, &si, 0, 1000, "hello", 5));
    CHECK(n == 5);
    n = OK(sctpc_recv(conn, 0, 1000, buf, sizeof buf, &ri));
    CHECK(n == 5 && memcmp(buf, "hello", 5) == 0);
    CHECK(ri.has_info && ri.stream == 2 && ntohl(ri.ppid) == 46);
    CHECK(ri.msg_flags & MSG_EOR);
    CHECK(!(ri.msg_flags & SCTPC_MSG_NOTIFICATION));

    /* nothing queued: timeout 0 says EAGAIN, a short timeout says ETIMEOUT */
    CHECK(sctpc_recv(conn, 0, 0, buf, sizeof buf, &ri) == -EAGAIN);
    CHECK(sctpc_recv(conn, 0, 50, buf, sizeof buf, &ri) == -SCTPC_ETIMEOUT);

    {
        struct sockaddr_storage addrs[SCTPC_MAX_ADDRS];
        CHECK(OK(sctpc_getpaddrs(cli, 0, addrs, SCTPC_MAX_ADDRS)) == 1);
        CHECK(addrs[0].ss_family == family);
        CHECK(OK(sctpc_getladdrs(conn, 0, addrs, SCTPC_MAX_ADDRS)) >= 1);
    }
    {
        struct sctpc_optval v;
        struct sctpc_fields f;
        int i, found = 0;
        OK(sctpc_optval_init(&v, "SCTP_STATUS"));
        OK(sctpc_getopt(cli, &v));
        sctpc_optval_fields(&v, &f);
        for (i = 0; i < f.count; i++)
            if (!strcmp(f.f[i].name, "outstrms")) { CHECK(f.f[i].i == 5); found = 1; }
            else if (!strcmp(f.f[i].name, "state")) CHECK(f.f[i].i == SCTP_ESTABLISHED);
        CHECK(found);
    }
    {   /* batches: three messages per call each way; the end of the stream ends a batch
         * (recvmmsg would fill every free slot with it) */
        struct iovec msgs[3] = { { "a", 1 }, { "bb", 2 }, { "ccc", 3 } };
        char b[8][16];
        void *bufs[8];
        struct sctpc_recvinfo infos[8];
        int lens[8], i, got = 0;
        for (i = 0; i < 8; i++)
            bufs[i] = b[i];
        CHECK(OK(sctpc_send_many(cli, &si, 0, 1000, msgs, 3)) == 3);
        while (got < 3)
            got += OK(sctpc_recv_many(conn, 0, 1000, 8 - got, sizeof b[0], bufs + got,
                                      infos + got, lens + got));
        CHECK(got == 3);
        for (i = 0; i < 3; i++)
            CHECK(lens[i] == i + 1 && b[i][0] == "abc"[i] && infos[i].stream == 2);
        {   /* the same into a kept batch */
            struct sctpc_batch kept = { .area = b[0], .size = sizeof b[0], .count = 8 };
            CHECK(OK(sctpc_send_many(cli, &si, 0, 1000, msgs, 3)) == 3);
            for (got = 0; got < 3; got += n) {
                n = OK(sctpc_batch_receive(conn, 0, 1000, &kept));
                CHECK(n > 0 && n == kept.n);
            }
            CHECK(kept.lens[kept.n - 1] == 3 && !memcmp(b[kept.n - 1], "ccc", 3));
            CHECK(ntohl(kept.infos[0].ppid) == 46);
            CHECK(sctpc_batch_receive(conn, 0, 0, &kept) == -EAGAIN && kept.n == 0);
            kept.count = SCTPC_MAX_BATCH + 1;
            CHECK(sctpc_batch_receive(conn, 0, 0, &kept) == -EINVAL);
        }
        OK(shutdown(cli, SHUT_WR) == 0 ? 0 : -errno);
        CHECK(OK(sctpc_recv_many(conn, 0, 1000, 8, sizeof b[0], bufs, infos, lens)) == 1);
        CHECK(lens[0] == 0);
    }
    sctpc_close(cli);
    sctpc_close(conn);
    sctpc_close(srv);
}

static void one_to_many(void)
{
    int srv = OK(sctpc_socket(AF_INET, SOCK_SEQPACKET)), cli = OK(sctpc_socket(AF_INET, SOCK_SEQPACKET));
    struct sockaddr_storage a = loopback(AF_INET, 0), addrs[2];
    struct sctpc_sendinfo si = { .stream = 0, .ppid = htonl(18) };
    struct sctpc_recvinfo ri;
    struct sctpc_fields f;
    char buf[512];
    int n, i, type = 0, state = -1, id;

    OK(sctpc_bind(srv, &a));
    OK(sctpc_listen(srv, 4));
    OK(sctpc_subscribe(srv, SCTP_ASSOC_CHANGE, 1, 0));
    CHECK(OK(sctpc_subscribed(srv, SCTP_ASSOC_CHANGE, 0)) == 1);
    OK(sctpc_setopt_int(srv, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1));
    a = loopback(AF_INET, port_of(srv));
    /* implicit association set-up by sending to the address */
    n = OK(sctpc_send(cli, &a, &si, 0, 2000, "first", 5));
    CHECK(n == 5);
    n = OK(sctpc_recv(srv, 0, 2000, buf, sizeof buf, &ri));
    CHECK(ri.msg_flags & SCTPC_MSG_NOTIFICATION);
    OK(sctpc_notification_fields(buf, (size_t)n, &f));
    for (i = 0; i < f.count; i++) {
        if (!strcmp(f.f[i].name, "type")) type = (int)f.f[i].i;
        if (!strcmp(f.f[i].name, "state")) state = (int)f.f[i].i;
    }
    CHECK(type == SCTP_ASSOC_CHANGE && state == SCTP_COMM_UP);
    n = OK(sctpc_recv(srv, 0, 2000, buf, sizeof buf, &ri));
    CHECK(n == 5 && ri.has_info && ntohl(ri.ppid) == 18);
    id = ri.assoc_id;
    /* answer by association id */
    si.assoc_id = id;
    OK(sctpc_send(srv, NULL, &si, 0, 2000, "reply", 5));
    n = OK(sctpc_recv(cli, 0, 2000, buf, sizeof buf, &ri));
    CHECK(n == 5 && memcmp(buf, "reply", 5) == 0);
    /* peeloff gives a working fd */
    n = OK(sctpc_peeloff(srv, id, SOCK_CLOEXEC));
    CHECK(n > 2);
    sctpc_close(n);
    CHECK(sctpc_peeloff(srv, 12345, 0) < 0);

    /* bindx with several addresses, then remove one */
    sctpc_close(cli);
    cli = OK(sctpc_socket(AF_INET, SOCK_SEQPACKET));
    OK(sctpc_addr_parse("127.0.0.1", 0, 0, 0, &addrs[0]));
    OK(sctpc_bindx(cli, addrs, 1, SCTP_BINDX_ADD_ADDR));
    OK(sctpc_addr_parse("127.0.0.2", port_of(cli), 0, 0, &addrs[1]));
    OK(sctpc_bindx(cli, &addrs[1], 1, SCTP_BINDX_ADD_ADDR));
    CHECK(OK(sctpc_getladdrs(cli, 0, addrs, 2)) == 2);
    OK(sctpc_bindx(cli, &addrs[1], 1, SCTP_BINDX_REM_ADDR));
    CHECK(OK(sctpc_getladdrs(cli, 0, addrs, 2)) == 1);
    sctpc_close(cli);
    sctpc_close(srv);
}

static void errors(void)
{
    struct sockaddr_storage a;
    struct sctpc_optval v;
    char buf[8];
    struct sctpc_recvinfo ri;
    CHECK(sctpc_addr_parse("not an address", 1, 0, 0, &a) == -EINVAL);
    CHECK(sctpc_addr_parse("127.0.0.1", 70000, 0, 0, &a) == -ERANGE);
    CHECK(sctpc_optval_init(&v, "SCTP_NO_SUCH_OPTION") == -ENOPROTOOPT);
    OK(sctpc_optval_init(&v, "SCTP_INITMSG"));
    CHECK(sctpc_optval_set_int(&v, "num_ostreams", 70000) == -ERANGE);
    CHECK(sctpc_optval_set_int(&v, "no_such_field", 1) == -ENOENT);
    CHECK(sctpc_recv(-1, 0, 0, buf, sizeof buf, &ri) == -EBADF);
    CHECK(sctpc_bindx(-1, &a, 0, SCTP_BINDX_ADD_ADDR) == -EINVAL);   /* empty list */
}

/* IPv4 addresses are formatted by hand (the receive path's): the same text as inet_ntop for
 * every octet value in every position, and the buffer size is checked. */
static void address_format(void)
{
    struct sockaddr_storage a;
    struct sockaddr_in *in = (struct sockaddr_in *)&a;
    char host[INET6_ADDRSTRLEN], want[INET_ADDRSTRLEN];
    int pos, v, same = 1;
    memset(&a, 0, sizeof a);
    in->sin_family = AF_INET;
    in->sin_port = htons(36412);
    for (pos = 0; pos < 4; pos++)
        for (v = 0; v < 256; v++) {
            unsigned char *b = (unsigned char *)&in->sin_addr;
            memset(b, (pos * 37 + v) & 0xff, 4);
            b[pos] = (unsigned char)v;
            inet_ntop(AF_INET, b, want, sizeof want);
            if (sctpc_addr_format(&a, host, sizeof host) != 36412 || strcmp(host, want) != 0)
                same = 0;
        }
    CHECK(same);
    CHECK(sctpc_addr_format(&a, host, INET_ADDRSTRLEN - 1) == -ENOSPC);
}

/* Malformed notifications never read past their length. */
static void notification_bounds(void)
{
    unsigned char buf[sizeof(union sctp_notification)];
    struct sctpc_fields f;
    struct sctp_assoc_change *ac = (struct sctp_assoc_change *)buf;
    memset(buf, 0, sizeof buf);
    ac->sac_type = SCTP_ASSOC_CHANGE;
    ac->sac_length = 4000;                      /* claims more than there is */
    CHECK(sctpc_notification_fields(buf, 4, &f) == -EINVAL);
    CHECK(sctpc_notification_fields(buf, sizeof *ac, &f) == 0);
    ac->sac_type = 0x9999;                      /* unknown type: header fields only */
    CHECK(sctpc_notification_fields(buf, 8, &f) == 0 && f.count == 3);
}

/* The deadline arithmetic bindings retry with: none kept without a wait to bound. */
static void deadlines(void)
{
    int64_t d = sctpc_deadline(1000);
    int left = sctpc_time_left(d, 1000);
    CHECK(sctpc_deadline(-1) == -1 && sctpc_deadline(0) == -1);
    CHECK(d > 1000 && left > 900 && left <= 1000);
    CHECK(sctpc_time_left(d - 2000, 1000) == 0);          /* passed: do not wait */
    CHECK(sctpc_time_left(-1, -1) == -1 && sctpc_time_left(-1, 0) == 0);
}

int main(void)
{
    one_to_one(AF_INET);
    one_to_one(AF_INET6);
    one_to_many();
    errors();
    address_format();
    notification_bounds();
    deadlines();
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
