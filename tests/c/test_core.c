/* Tests of the C core against the kernel's SCTP (run in the VM where the host has none). */
#include "sctp_core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int failures, checks;
#define CHECK(cond) do { checks++; if (!(cond)) { failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define OK(expr) ({ int r_ = (expr); if (r_ < 0) { fprintf(stderr, "%s:%d: %s -> %s\n", \
    __FILE__, __LINE__, #expr, strerror(-r_)); exit(1); } r_; })

/* The clock, counted: this definition is the one the core's calls reach. */
static int clock_reads;
int clock_gettime(clockid_t id, struct timespec *ts)
{
    clock_reads++;
    return (int)syscall(SYS_clock_gettime, id, ts);
}

static struct sockaddr_storage loopback(int family, int port)
{
    struct sockaddr_storage a;
    OK(sctpc_addr_resolve(family == AF_INET6 ? "::1" : "127.0.0.1", port, 0, 0, &a, NULL));
    return a;
}

static int port_of(int fd)
{
    struct sockaddr_storage a;
    char host[64];
    OK(sctpc_getsockname(fd, &a));
    return sctpc_addr_format(&a, host, sizeof host);
}

/* A handle with a timeout (ms). */
static struct sctpc_sock *handle(int fd, int64_t timeout_ms)
{
    struct sctpc_sock *h = sctpc_sock_new(fd);
    CHECK(h != NULL);
    sctpc_sock_settimeout(h, timeout_ms);
    return h;
}

static void drop(struct sctpc_sock *h)
{
    sctpc_sock_close(h, 1);
    sctpc_sock_free(h);
}

/* A connected pair of one-to-one sockets (server side accepted), receive info on. */
static void pair(int family, struct sctpc_sock **cli, struct sctpc_sock **conn)
{
    int srv = OK(sctpc_socket(family, SOCK_STREAM)), c;
    struct sockaddr_storage a = loopback(family, 0), peer;
    struct sctpc_sock *hs;
    OK(sctpc_bind(srv, &a));
    OK(sctpc_listen(srv, 4));
    a = loopback(family, port_of(srv));
    c = OK(sctpc_socket(family, SOCK_STREAM));
    *cli = handle(c, 2000);
    {
        struct sctpc_optval v;
        OK(sctpc_optval_init(&v, "SCTP_INITMSG"));
        OK(sctpc_optval_set_int(&v, "num_ostreams", 5));
        OK(sctpc_optval_set_int(&v, "max_instreams", 5));
        OK(sctpc_setopt(c, &v));
    }
    CHECK(sctpc_connectx(*cli, &a, 1) > 0);         /* an association id */
    hs = handle(srv, 2000);
    *conn = handle(OK(sctpc_accept(hs, &peer)), 2000);
    CHECK(peer.ss_family == family);
    OK(sctpc_setopt_int(sctpc_sock_fd(*conn), IPPROTO_SCTP, SCTP_RECVRCVINFO, 1));
    drop(hs);
}

static void one_to_one(int family)
{
    struct sctpc_sock *cli, *conn;
    struct sctpc_sendinfo si = { .valid = 1, .stream = 2, .ppid = 46, .context = 7 };
    struct sctpc_recvinfo ri;
    char buf[256];
    int n;

    pair(family, &cli, &conn);
    n = OK(sctpc_send(cli, NULL, &si, 0, "hello", 5));
    CHECK(n == 5);
    usleep(20000);
    n = clock_reads;        /* with a timeout, a receive that need not wait reads no clock */
    CHECK(sctpc_sock_gettimeout(conn) > 0);
    CHECK(OK(sctpc_recv(conn, 0, buf, sizeof buf, &ri)) == 5 && clock_reads == n);
    CHECK(memcmp(buf, "hello", 5) == 0);
    CHECK(ri.has_info && ri.stream == 2 && ri.ppid == 46);      /* host byte order */
    CHECK(ri.msg_flags & MSG_EOR);
    CHECK(!(ri.msg_flags & SCTPC_MSG_NOTIFICATION));
    {   /* into two buffers: the head, then the rest */
        char head[2];
        struct iovec two[2] = { { head, sizeof head }, { buf, sizeof buf } };
        OK(sctpc_send(cli, NULL, &si, 0, "world", 5));
        CHECK(sctpc_recvv(conn, 0, two, 0, &ri) == -EINVAL);
        n = OK(sctpc_recvv(conn, 0, two, 2, &ri));
        CHECK(n == 5 && memcmp(head, "wo", 2) == 0 && memcmp(buf, "rld", 3) == 0);
        CHECK(ri.ppid == 46 && (ri.msg_flags & MSG_EOR));
    }

    /* nothing queued: timeout 0 says EAGAIN, a short timeout says ETIMEOUT */
    sctpc_sock_settimeout(conn, 0);
    CHECK(sctpc_recv(conn, 0, buf, sizeof buf, &ri) == -EAGAIN);
    sctpc_sock_settimeout(conn, 50);
    {   /* the wait's wake-up descriptor goes with the wait: the next one made is the same */
        int before = dup(0), after;
        close(before);
        n = clock_reads;
        CHECK(sctpc_recv(conn, 0, buf, sizeof buf, &ri) == -SCTPC_ETIMEOUT);
        CHECK(clock_reads > n);     /* the wait reads it */
        after = dup(0);
        close(after);
        CHECK(after == before);
    }
    sctpc_sock_settimeout(conn, 2000);

    {
        struct sockaddr_storage *addrs;
        CHECK(OK(sctpc_getpaddrs(sctpc_sock_fd(cli), 0, &addrs)) == 1);
        CHECK(addrs[0].ss_family == family);
        free(addrs);
        CHECK(OK(sctpc_getladdrs(sctpc_sock_fd(conn), 0, &addrs)) >= 1);
        free(addrs);
    }
    {
        struct sctpc_optval v;
        struct sctpc_fields f;
        int i, found = 0;
        OK(sctpc_optval_init(&v, "SCTP_STATUS"));
        OK(sctpc_getopt(sctpc_sock_fd(cli), &v));
        sctpc_optval_fields(&v, &f);
        for (i = 0; i < f.count; i++)
            if (!strcmp(f.f[i].name, "outstrms")) { CHECK(f.f[i].i == 5); found = 1; }
            else if (!strcmp(f.f[i].name, "state")) CHECK(f.f[i].i == SCTP_ESTABLISHED);
        CHECK(found);
    }
    {   /* batches: three messages per call each way; taken one by one; the end of the
         * stream ends a batch and every take after it */
        struct iovec msgs[3] = { { "a", 1 }, { "bb", 2 }, { "ccc", 3 } };
        int err, i, got = 0, len;
        struct sctpc_batch *b = sctpc_batch_new(8, 16, &err);
        const struct sctpc_recvinfo *info;
        const char *p;
        CHECK(b && err == 0);
        CHECK(sctpc_batch_new(SCTPC_MAX_BATCH + 1, 16, &err) == NULL && err == -EINVAL);
        CHECK(OK(sctpc_send_many(cli, &si, 0, msgs, 3)) == 3);
        while (got < 3) {
            CHECK(OK(sctpc_batch_take(conn, b, &i)) == 1);
            p = sctpc_batch_at(b, i, &len, &info);
            CHECK(len == got + 1 && p[0] == "abc"[got] && info->stream == 2 && info->ppid == 46);
            sctpc_batch_done(b);
            got++;
        }
        CHECK(sctpc_batch_try_take(b, &i) == 0);
        CHECK(OK(sctpc_send_many(cli, &si, 0, msgs, 3)) == 3);
        for (got = 0; got < 3; got += n)
            CHECK((n = OK(sctpc_batch_receive(conn, b, 0))) > 0);
        sctpc_sock_settimeout(conn, 0);
        CHECK(sctpc_batch_receive(conn, b, 0) == -EAGAIN);
        sctpc_sock_settimeout(conn, 2000);
        OK(shutdown(sctpc_sock_fd(cli), SHUT_WR) == 0 ? 0 : -errno);
        CHECK(sctpc_batch_take(conn, b, &i) == 0);      /* end of the stream */
        CHECK(sctpc_batch_take(conn, b, &i) == 0);      /* and again */
        sctpc_batch_free(b);
    }
    drop(cli);
    drop(conn);
}

/* Send-info fields by name, with the option setters' statuses. */
static void sendinfo_fields(void)
{
    struct sctpc_sendinfo si = { 0 };
    struct sctpc_sendv_info sv = { 0 };
    CHECK(sctpc_sendinfo_set(&si, "stream", 3) == 0 && si.stream == 3 && si.valid);
    CHECK(sctpc_sendinfo_set(&si, "unordered", 1) == 0 && si.flags == SCTP_UNORDERED);
    CHECK(sctpc_sendinfo_set(&si, "strem", 3) == -ENOENT);
    CHECK(sctpc_sendinfo_set(&si, "stream", 65536) == -ERANGE);
    CHECK(sctpc_sendinfo_set(&si, "ppid", -1) == -ERANGE);
    CHECK(sctpc_sendinfo_set(&si, "ppid", 0xffffffffLL) == 0 && si.ppid == 0xffffffffu);
    CHECK(sctpc_sendv_info_set(&sv, "pr_value", 5) == 0 && sv.valid == SCTPC_SEND_PRINFO);
    CHECK(sctpc_sendv_info_set_name(&sv, "pr_policy", "rtx") == 0 && sv.pr_policy == SCTP_PR_SCTP_RTX);
    CHECK(sctpc_sendv_info_set_name(&sv, "pr_policy", "often") == -EDOM);
    CHECK(sctpc_sendv_info_set(&sv, "num_ostreams", 9) == 0 && (sv.valid & SCTPC_SEND_INIT));
    CHECK(sctpc_sendv_info_set(&sv, "ttl", 9) == -ENOENT);
    CHECK(!strcmp(sctpc_sendinfo_name_at(0), "stream") && sctpc_sendinfo_name_at(99) == NULL);
    CHECK(sctpc_event_type("shutdown") == SCTP_SHUTDOWN_EVENT && sctpc_event_type("x") == -ENOENT);
    CHECK(!strcmp(sctpc_field_error(-ERANGE), "is out of range"));
}

/* A notification that does not fit the buffer still arrives whole, in every receive path,
 * and never as data. */
static void notifications_whole(void)
{
    size_t size;
    for (size = 1; size <= 16; size++) {
        struct sctpc_sock *cli, *conn;
        struct sctpc_recvinfo ri;
        struct sctpc_fields f;
        char buf[16];
        int n, use_batch = size % 2 == 0;
        pair(AF_INET, &cli, &conn);
        OK(sctpc_subscribe(sctpc_sock_fd(conn), SCTP_SHUTDOWN_EVENT, 1, 0));
        OK(sctpc_send(cli, NULL, NULL, 0, "x", 1));
        OK(shutdown(sctpc_sock_fd(cli), SHUT_WR) == 0 ? 0 : -errno);
        if (!use_batch) {
            n = OK(sctpc_recv(conn, 0, buf, size, &ri));        /* the data */
            CHECK(!(ri.msg_flags & SCTPC_MSG_NOTIFICATION) && n == 1);
            {   /* the notification, into two buffers (whole even when it spans both) */
                struct iovec two[2] = { { buf, 1 }, { buf + 1, size - 1 } };
                n = OK(sctpc_recvv(conn, 0, two, size > 1 ? 2 : 1, &ri));
            }
            CHECK(ri.msg_flags & SCTPC_MSG_NOTIFICATION);
            CHECK(ri.msg_flags & MSG_EOR);
            CHECK(ri.note_len == sizeof(struct sctp_shutdown_event));
            CHECK(OK(sctpc_notification_fields(ri.note, ri.note_len, &f)) == 0);
            CHECK(f.f[0].i == SCTP_SHUTDOWN_EVENT);
            sctpc_recvinfo_clear(&ri);
            n = OK(sctpc_recv(conn, 0, buf, size, &ri));        /* the end of the stream */
            CHECK(n == 0 && sctpc_end_of_stream(n, &ri));
        } else {
            int err, i, len, kinds = 0;
            struct sctpc_batch *b = sctpc_batch_new(4, size, &err);
            const struct sctpc_recvinfo *info;
            usleep(20000);      /* let all three arrive, so one batch holds them */
            while (OK(sctpc_batch_take(conn, b, &i)) == 1) {
                sctpc_batch_at(b, i, &len, &info);
                if (info->msg_flags & SCTPC_MSG_NOTIFICATION) {
                    CHECK(info->note_len == sizeof(struct sctp_shutdown_event));
                    CHECK(sctpc_notification_fields(info->note, info->note_len, &f) == 0 &&
                          f.f[0].i == SCTP_SHUTDOWN_EVENT);
                    kinds |= 2;
                } else {
                    CHECK(len == 1);
                    kinds |= 1;
                }
                sctpc_batch_done(b);
            }
            CHECK(kinds == 3);
            sctpc_batch_free(b);
        }
        drop(cli);
        drop(conn);
    }
}

/* Batch messages of every length around a message's head in the batch and up to the
 * batch's size, each whole and its own, by take and by receive; a longer one arrives in
 * parts that fill the slot. */
static void batch_lengths(void)
{
    static const int lens[] = { 1, 255, 256, 257, 1000, 2048, 3000, 7 };
    const int n = sizeof lens / sizeof *lens;
    struct sctpc_sock *cli, *conn;
    struct sctpc_sendinfo si = { 0 };
    struct sctpc_batch *b;
    static char msg[3000];
    int err, round, k, i, len;
    pair(AF_INET, &cli, &conn);
    CHECK((b = sctpc_batch_new(16, 2048, &err)) != NULL);
    for (round = 0; round < 2; round++) {
        int parts = 0, want;
        for (k = 0; k < n; k++) {
            memset(msg, 'a' + k, sizeof msg);
            msg[0] = (char)k;
            OK(sctpc_send(cli, NULL, &si, 0, msg, (size_t)lens[k]));
        }
        usleep(20000);
        if (round == 1)
            CHECK(OK(sctpc_batch_receive(conn, b, 0)) == n + 1);
        for (k = 0; k < n; k++) {
            const struct sctpc_recvinfo *info;
            const char *p;
            for (want = lens[k]; want > 0; want -= len, parts++) {
                if (round == 0)
                    CHECK(OK(sctpc_batch_take(conn, b, &i)) == 1);
                else
                    i = parts;
                p = sctpc_batch_at(b, i, &len, &info);
                CHECK(p && len == (want > 2048 ? 2048 : want));
                CHECK(p && (want < lens[k] || p[0] == (char)k) && (len == 1 || p[len - 1] == 'a' + k));
                CHECK(!(info->msg_flags & SCTPC_MSG_NOTIFICATION));
                CHECK(!(info->msg_flags & MSG_EOR) == (want > 2048));
                if (round == 0)
                    sctpc_batch_done(b);
            }
        }
    }
    {   /* heads of the caller's (one per slot): one that fits is there, a longer one whole
         * in the batch; a head taken with its message is replaced before the next refill */
        static char head[16][128], spare[20][128];
        struct iovec heads[16];
        const struct sctpc_recvinfo *info;
        const char *p;
        for (k = 0; k < 16; k++)
            heads[k].iov_base = head[k], heads[k].iov_len = k == 3 ? 0 : sizeof head[k];
        sctpc_batch_set_heads(b, heads);
        for (k = 0; k < 20; k++) {
            memset(msg, 'a' + k, 500);
            OK(sctpc_send(cli, NULL, &si, 0, msg, k % 2 ? 500 : 100));
        }
        usleep(20000);
        for (k = 0; k < 20; k++) {
            CHECK(OK(sctpc_batch_take(conn, b, &i)) == 1 && i == k % 16);
            p = sctpc_batch_at(b, i, &len, &info);
            CHECK(len == (k % 2 ? 500 : 100) && p[0] == 'a' + k && p[len - 1] == 'a' + k);
            CHECK((p == heads[i].iov_base) == (k % 2 == 0 && i != 3));
            if (p == heads[i].iov_base)
                heads[i].iov_base = spare[k];
            sctpc_batch_done(b);
        }
        for (k = 0; k < 20; k += 2)     /* the taken heads were not written again */
            CHECK(k % 16 == 3 || (k < 16 ? head[k] : spare[k - 16])[99] == 'a' + k);
        sctpc_batch_set_heads(b, NULL);
    }
    sctpc_batch_free(b);
    drop(cli);
    drop(conn);
}

/* Closing a handle wakes a reader blocked in it, which then returns EBADF and never reads
 * the descriptor number again, even when a new socket is given that number. */
struct blocked { struct sctpc_sock *h; int r; char buf[64]; };

static void *blocked_reader(void *arg)
{
    struct blocked *b = arg;
    struct sctpc_recvinfo ri;
    b->r = sctpc_recv(b->h, 0, b->buf, sizeof b->buf, &ri);
    return NULL;
}

static void close_wakes_reader(void)
{
    struct sctpc_sock *cli, *conn, *cli2, *conn2;
    struct blocked b = { 0 };
    struct sctpc_recvinfo ri;
    pthread_t t;
    char buf[64];
    int old_fd, n;
    pair(AF_INET, &cli, &conn);
    sctpc_sock_settimeout(conn, -1);
    b.h = conn;
    old_fd = sctpc_sock_fd(conn);
    pthread_create(&t, NULL, blocked_reader, &b);
    usleep(100000);
    OK(sctpc_sock_close(conn, 1));
    CHECK(sctpc_sock_fd(conn) == -1);
    pthread_join(t, NULL);
    CHECK(b.r == -EBADF);
    pair(AF_INET, &cli2, &conn2);
    CHECK(sctpc_sock_fd(conn2) == old_fd || sctpc_sock_fd(cli2) == old_fd ||
          old_fd > sctpc_sock_fd(conn2));
    OK(sctpc_send(cli2, NULL, NULL, 0, "SECRET", 6));
    CHECK(sctpc_recv(conn, 0, buf, sizeof buf, &ri) == -EBADF);   /* closed: never the new fd */
    n = OK(sctpc_recv(conn2, 0, buf, sizeof buf, &ri));
    CHECK(n == 6 && memcmp(buf, "SECRET", 6) == 0);
    sctpc_sock_free(conn);
    drop(cli);
    drop(cli2);
    drop(conn2);
}

static void one_to_many(void)
{
    int srv = OK(sctpc_socket(AF_INET, SOCK_SEQPACKET)), cli = OK(sctpc_socket(AF_INET, SOCK_SEQPACKET));
    struct sockaddr_storage a = loopback(AF_INET, 0), *addrs, many[100];
    struct sctpc_sendinfo si = { .valid = 1, .stream = 0, .ppid = 18 };
    struct sctpc_recvinfo ri;
    struct sctpc_fields f;
    struct sctpc_sock *hs = handle(srv, 2000), *hc = handle(cli, 2000);
    char buf[512];
    int n, i, type = 0, state = -1, id;

    OK(sctpc_bind(srv, &a));
    OK(sctpc_listen(srv, 4));
    OK(sctpc_subscribe(srv, SCTP_ASSOC_CHANGE, 1, 0));
    CHECK(OK(sctpc_subscribed(srv, SCTP_ASSOC_CHANGE, 0)) == 1);
    OK(sctpc_setopt_int(srv, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1));
    a = loopback(AF_INET, port_of(srv));
    /* implicit association set-up by sending to the address */
    n = OK(sctpc_send(hc, &a, &si, 0, "first", 5));
    CHECK(n == 5);
    n = OK(sctpc_recv(hs, 0, buf, sizeof buf, &ri));
    CHECK(ri.msg_flags & SCTPC_MSG_NOTIFICATION);
    OK(sctpc_notification_fields(ri.note, ri.note_len, &f));
    for (i = 0; i < f.count; i++) {
        if (!strcmp(f.f[i].name, "type")) type = (int)f.f[i].i;
        if (!strcmp(f.f[i].name, "state")) state = (int)f.f[i].i;
    }
    CHECK(type == SCTP_ASSOC_CHANGE && state == SCTP_COMM_UP);
    n = OK(sctpc_recv(hs, 0, buf, sizeof buf, &ri));
    CHECK(n == 5 && ri.has_info && ri.ppid == 18);
    id = ri.assoc_id;
    /* answer by association id */
    si.assoc_id = id;
    OK(sctpc_send(hs, NULL, &si, 0, "reply", 5));
    n = OK(sctpc_recv(hc, 0, buf, sizeof buf, &ri));
    CHECK(n == 5 && memcmp(buf, "reply", 5) == 0);
    /* peeloff gives a working fd */
    n = OK(sctpc_peeloff(srv, id, SOCK_CLOEXEC));
    CHECK(n > 2);
    sctpc_close(n);
    CHECK(sctpc_peeloff(srv, 12345, 0) < 0);

    /* bindx with 100 addresses (no fixed limit), then remove one */
    drop(hc);
    cli = OK(sctpc_socket(AF_INET, SOCK_SEQPACKET));
    OK(sctpc_addr_resolve("127.0.0.1", 0, 0, 0, &many[0], NULL));
    OK(sctpc_bindx(cli, many, 1, SCTP_BINDX_ADD_ADDR));
    for (i = 1; i < 100; i++) {
        char host[32];
        snprintf(host, sizeof host, "127.0.1.%d", i);
        OK(sctpc_addr_resolve(host, port_of(cli), 0, 0, &many[i], NULL));
    }
    OK(sctpc_bindx(cli, many + 1, 99, SCTP_BINDX_ADD_ADDR));
    CHECK(OK(sctpc_getladdrs(cli, 0, &addrs)) == 100);
    free(addrs);
    OK(sctpc_bindx(cli, &many[1], 1, SCTP_BINDX_REM_ADDR));
    CHECK(OK(sctpc_getladdrs(cli, 0, &addrs)) == 99);
    free(addrs);
    sctpc_close(cli);
    drop(hs);
}

static void errors(void)
{
    struct sockaddr_storage a;
    struct sctpc_optval v;
    char buf[8];
    struct sctpc_recvinfo ri;
    struct sctpc_sock *h = handle(-1, 0);
    int gai = 0;
    CHECK(sctpc_addr_resolve("no-such-host.invalid", 1, 0, 0, &a, &gai) == -EADDRNOTAVAIL && gai != 0);
    CHECK(sctpc_addr_resolve("127.0.0.1", 70000, 0, 0, &a, NULL) == -ERANGE);
    CHECK(sctpc_addr_resolve("::1", 1, 1 << 20, 0, &a, NULL) == -ERANGE);
    CHECK(sctpc_addr_resolve("::1", 1, -1, 0, &a, NULL) == -ERANGE);
    CHECK(sctpc_addr_resolve("::1", 1, 0, 1LL << 32, &a, NULL) == -ERANGE);
    CHECK(!strcmp(sctpc_addr_check(1, 1 << 20, 0), "flowinfo must be 0-1048575"));
    CHECK(sctpc_addr_resolve("::1", 1, 5, 7, &a, NULL) == 0 &&
          ntohl(((struct sockaddr_in6 *)&a)->sin6_flowinfo) == 5 &&
          ((struct sockaddr_in6 *)&a)->sin6_scope_id == 7);
    CHECK(sctpc_addr_resolve("localhost", 9, 0, 0, &a, NULL) == 0 && a.ss_family != AF_UNSPEC);
    CHECK(sctpc_optval_init(&v, "SCTP_NO_SUCH_OPTION") == -ENOPROTOOPT);
    OK(sctpc_optval_init(&v, "SCTP_INITMSG"));
    CHECK(sctpc_optval_set_int(&v, "num_ostreams", 70000) == -ERANGE);
    CHECK(sctpc_optval_set_int(&v, "no_such_field", 1) == -ENOENT);
    CHECK(sctpc_optval_set_item(&v, "num_ostreams", 0, 1) == -EINVAL);      /* not a list */
    {   /* lists set item by item: each sets the count; ranges and room are checked */
        struct sctp_reset_streams *rs = (struct sctp_reset_streams *)v.buf;
        int64_t two[2] = { 5, 6 };
        OK(sctpc_optval_init(&v, "SCTP_RESET_STREAMS"));
        CHECK(sctpc_optval_set_list(&v, "streams", NULL, 0) == 0 && rs->srs_number_streams == 0);
        CHECK(sctpc_optval_set_item(&v, "streams", 0, 7) == 0 && sctpc_optval_set_item(&v, "streams", 1, 9) == 0);
        CHECK(rs->srs_number_streams == 2 && rs->srs_stream_list[0] == 7 && rs->srs_stream_list[1] == 9);
        CHECK(sctpc_optval_set_item(&v, "streams", 2, 65536) == -ERANGE && rs->srs_number_streams == 2);
        CHECK(sctpc_optval_set_item(&v, "streams", SCTPC_OPTBUF, 1) == -E2BIG);
        CHECK(sctpc_optval_set_list(&v, "streams", two, 2) == 0 && rs->srs_stream_list[1] == 6);
        CHECK(sctpc_optval_set_item(&v, "nope", 0, 1) == -ENOENT);
    }
    {   /* the receive buffer goes to one holder at a time; the hint is the last data's size */
        void *p = sctpc_sock_scratch(h, 100), *q = sctpc_sock_scratch(h, 100);
        CHECK(p != NULL && q == NULL && sctpc_sock_size_hint(h) == 0);
        sctpc_sock_scratch_done(h, p, 100);
        CHECK(sctpc_sock_size_hint(h) == 100);
        CHECK((q = sctpc_sock_scratch(h, 70000)) != NULL);
        memset(q, 1, 70000);                    /* grown to the size asked for */
        sctpc_sock_scratch_done(h, q, 0);       /* a notification: the hint stays */
        CHECK(sctpc_sock_size_hint(h) == 100);
        sctpc_sock_scratch_done(h, NULL, 10);   /* a message came into other memory */
        CHECK(sctpc_sock_size_hint(h) == 10 && (p = sctpc_sock_scratch(h, 100)) != NULL);
        sctpc_sock_scratch_done(h, p, 0);
    }
    CHECK(sctpc_recv(h, 0, buf, sizeof buf, &ri) == -EBADF);
    CHECK(sctpc_bindx(-1, &a, 0, SCTP_BINDX_ADD_ADDR) == -EINVAL);   /* empty list */
    sctpc_sock_close(h, 0);
    CHECK(sctpc_recv(h, 0, buf, sizeof buf, &ri) == -EBADF);
    sctpc_sock_free(h);
    CHECK(sctpc_timeout_ms(-1) == -1 && sctpc_timeout_ms(0.0001) == 1 &&
          sctpc_timeout_ms(2147484.0) == 2147484000LL);
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

int main(void)
{
    one_to_one(AF_INET);
    one_to_one(AF_INET6);
    one_to_many();
    sendinfo_fields();
    notifications_whole();
    batch_lengths();
    close_wakes_reader();
    errors();
    address_format();
    notification_bounds();
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
