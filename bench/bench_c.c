/* Per-call cost of the C core's send and receive, the reference of the benchmark.
 *   bench_c STYLE SIZE COUNT REPS   (STYLE: stream | seqpacket)
 * Prints one JSON line per operation: {"impl":"c", "op":..., "ns":[per-call ns of each rep]}.
 * Each rep sends COUNT messages (timed), waits until all are acknowledged, then receives
 * them from the queue (timed).  Every implementation follows the same steps.  With REPS 0
 * it runs one rep per line read from stdin and prints {"impl", "send", "recv"} after each:
 * run_bench.py takes turns between the implementations that way.  The mode "batch" uses
 * sendmmsg / recvmmsg, 64 messages per call; "plain" uses send() / recv() with no SCTP info,
 * the C counterpart of the socket module's send / recv.
 * count_instructions.py runs it with the other end in its own process: with
 * BENCH_RECEIVE_ONLY=1 in the environment bench_c prints {"port": N}, takes the association
 * that process opens and each rep only receives; with BENCH_SEND_TO=PORT each rep only sends
 * to 127.0.0.1:PORT. */
#include "sctp_core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The timed calls block without a timeout, as the Python and Lua benchmarks' sockets do: a
 * timeout would add a clock read to every call (a system call in the VM). */
#define BLOCK (-1)

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int must(int r, const char *what)
{
    if (r < 0) { fprintf(stderr, "bench_c: %s: %s\n", what, strerror(-r)); exit(1); }
    return r;
}

/* Until every association's send queue is empty (all data acknowledged, hence queued at
 * the receiver), as /proc/net/sctp/assocs tells (column TX_QUEUE); at most 10 s. */
static void settle(void)
{
    int tries;
    for (tries = 0; tries < 1000; tries++) {
        char line[512];
        int busy = 0;
        FILE *f = fopen("/proc/net/sctp/assocs", "r");
        if (!f)
            return;
        if (fgets(line, sizeof line, f))            /* header */
            while (fgets(line, sizeof line, f)) {
                long tx = 0;
                if (sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %ld", &tx) == 1 && tx > 0)
                    busy = 1;
            }
        fclose(f);
        if (!busy)
            return;
        usleep(10000);
    }
}

/* What one run measures, set once from the command line. */
static int seq, batch, plain, size, count;
static char *buf;                           /* the message sent, or one received */
static struct iovec iov[SCTPC_MAX_BATCH];   /* a batch of messages to send */
static struct sctpc_batch *kept;            /* room for a batch received */
static int libsctp;                         /* receive with libsctp's sctp_recvmsg */

/* A core handle on fd (blocking; the bench owns the descriptor). */
static struct sctpc_sock *h(int fd)
{
    static struct sctpc_sock *made[64];
    if (!made[fd])
        made[fd] = sctpc_sock_new(fd);
    return made[fd];
}

static void send_all(int tx, const struct sockaddr_storage *to)
{
    struct sctpc_sendinfo si = { .valid = 1, .stream = 1, .ppid = 46 };
    int i;
    if (batch) {        /* SCTPC_MAX_BATCH messages per sendmmsg */
        for (i = 0; i < count; )
            i += must(sctpc_send_many(h(tx), &si, 0, iov,
                                      count - i < SCTPC_MAX_BATCH ? count - i : SCTPC_MAX_BATCH),
                      "send_many");
    } else if (plain) {
        for (i = 0; i < count; i++)
            if (sendto(tx, buf, (size_t)size, 0, seq ? (const struct sockaddr *)to : NULL,
                       seq ? sizeof(struct sockaddr_in) : 0) < 0)
                must(-errno, "send");
    } else {
        for (i = 0; i < count; i++)
            must(sctpc_send(h(tx), seq ? to : NULL, &si, 0, buf, (size_t)size), "send");
    }
}

/* Fails unless the last message came with its SCTP info (no info asked for when plain). */
static void recv_all(int rx)
{
    struct sctpc_recvinfo ri;
    int i;
    if (batch) {        /* up to SCTPC_MAX_BATCH messages per recvmmsg */
        for (i = 0; i < count; ) {
            const struct sctpc_recvinfo *last;
            int n = must(sctpc_batch_receive(h(rx), kept, 0), "batch_receive"), len;
            sctpc_batch_at(kept, n - 1, &len, &last);
            ri = *last;
            i += n;
        }
    } else if (libsctp) {   /* the reference of the targets: libsctp, as a C program calls it */
        struct sctp_sndrcvinfo sinfo;
        for (i = 0; i < count; i++) {
            int flags = 0;
            if (sctp_recvmsg(rx, buf, (size_t)size + 1, NULL, NULL, &sinfo, &flags) < 0)
                must(-errno, "sctp_recvmsg");
        }
        ri.has_info = 1;
        ri.stream = sinfo.sinfo_stream;
    } else if (plain) {
        for (i = 0; i < count; i++)
            if (recv(rx, buf, (size_t)size + 1, 0) < 0)
                must(-errno, "recv");
        return;
    } else {
        for (i = 0; i < count; i++)
            must(sctpc_recv(h(rx), 0, buf, (size_t)size + 1, &ri), "recv");
    }
    if (!ri.has_info || ri.stream != 1)
        { fprintf(stderr, "bench_c: no receive info\n"); exit(1); }
}

/* sctp_recvmsg reads only SNDRCV, which the data_io subscription turns on (RCVINFO too
 * would overflow its control buffer). */
static void libsctp_info(int fd)
{
    struct sctp_event_subscribe ev = { .sctp_data_io_event = 1 };
    if (!libsctp)
        return;
    must(sctpc_setopt_int(fd, IPPROTO_SCTP, SCTP_RECVRCVINFO, 0), "recvrcvinfo");
    if (setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof ev) < 0)
        must(-errno, "events");
}

static void big_buffers(int fd)
{
    int size = 32 << 20;
    /* SO_*BUFFORCE passes rmem_max as root (the VM); else the plain ones are capped */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

int main(int argc, char **argv)
{
    int receive_only, reps, stepped, srv = -1, tx = -1, rx = -1, r, i;
    const char *impl, *send_to;
    char line[16];
    struct sockaddr_storage a;
    struct sctpc_recvinfo ri;
    long long *send_ns, *recv_ns;

    batch = argc == 6 && strcmp(argv[5], "batch") == 0;
    plain = argc == 6 && strcmp(argv[5], "plain") == 0;
    libsctp = argc == 6 && strcmp(argv[5], "libsctp") == 0;
    if (argc != 5 && !batch && !plain && !libsctp) {
        fprintf(stderr, "usage: bench_c stream|seqpacket SIZE COUNT REPS [batch|plain|libsctp]\n"
                        "       (REPS 0: one repetition per line read from stdin)\n");
        return 2;
    }
    impl = batch ? "c_batch" : plain ? "c_plain" : libsctp ? "c_libsctp" : "c";
    receive_only = getenv("BENCH_RECEIVE_ONLY") != NULL;
    send_to = getenv("BENCH_SEND_TO");
    seq = strcmp(argv[1], "seqpacket") == 0;
    if (batch && seq) {
        fprintf(stderr, "bench_c: batches are measured one-to-one\n");
        return 2;
    }
    size = atoi(argv[2]); count = atoi(argv[3]); reps = atoi(argv[4]);
    stepped = reps == 0;
    if (stepped)
        reps = 1;
    buf = calloc(1, (size_t)size + 1);
    for (i = 0; i < SCTPC_MAX_BATCH; i++) {
        iov[i].iov_base = buf;
        iov[i].iov_len = (size_t)size;
    }
    kept = sctpc_batch_new(SCTPC_MAX_BATCH, (size_t)size + 1, &r);
    send_ns = calloc((size_t)reps, sizeof *send_ns);
    recv_ns = calloc((size_t)reps, sizeof *recv_ns);

    if (send_to) {      /* the receiver is the process that named its port */
        must(sctpc_addr_resolve("127.0.0.1", atoi(send_to), 0, 0, &a, NULL), "addr");
    } else {
        srv = must(sctpc_socket(AF_INET, seq ? SOCK_SEQPACKET : SOCK_STREAM), "socket");
        big_buffers(srv);
        must(sctpc_addr_resolve("127.0.0.1", 0, 0, 0, &a, NULL), "addr");
        must(sctpc_bind(srv, &a), "bind");
        must(sctpc_listen(srv, 4), "listen");
        must(sctpc_getsockname(srv, &a), "getsockname");
        must(sctpc_setopt_int(srv, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1), "recvrcvinfo");
        libsctp_info(srv);
        rx = srv;
    }
    if (receive_only) { /* the sender is the process told the port */
        printf("{\"port\": %d}\n", ntohs(((struct sockaddr_in *)&a)->sin_port));
        fflush(stdout);
    } else {
        tx = must(sctpc_socket(AF_INET, seq ? SOCK_SEQPACKET : SOCK_STREAM), "socket");
        big_buffers(tx);
        /* no bundling delay: without it small messages wait for the peer's delayed SACK */
        must(sctpc_setopt_int(tx, IPPROTO_SCTP, SCTP_NODELAY, 1), "nodelay");
    }
    if (seq && !receive_only && !send_to) {
        /* the first message sets the association up; its id is then used for sending */
        must(sctpc_send(h(tx), &a, &(struct sctpc_sendinfo){ .valid = 1, .stream = 1 }, 0, buf,
                        (size_t)size), "send");
        must(sctpc_recv(h(srv), 0, buf, (size_t)size + 1, &ri), "recv");
    } else if (!seq) {
        if (!receive_only)
            must(sctpc_connect(h(tx), &a), "connect");
        if (!send_to) {
            rx = must(sctpc_accept(h(srv), &a), "accept");
            must(sctpc_setopt_int(rx, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1), "recvrcvinfo");
            big_buffers(rx);
            libsctp_info(rx);
        }
    }
    if (send_to) {      /* the receiver waits for this before it asks for a rep */
        printf("{\"ready\": true}\n");
        fflush(stdout);
    }
    for (r = 0; stepped ? fgets(line, sizeof line, stdin) != NULL : r < reps; r += !stepped) {
        long long t0 = now_ns();
        if (!receive_only)
            send_all(tx, &a);
        send_ns[r] = (now_ns() - t0) / count;
        if (!receive_only && !send_to)
            settle();
        t0 = now_ns();
        if (!send_to)
            recv_all(rx);
        recv_ns[r] = (now_ns() - t0) / count;
        if (stepped) {
            printf("{\"impl\": \"%s\", \"send\": %lld, \"recv\": %lld}\n",
                   impl, send_ns[0], recv_ns[0]);
            fflush(stdout);
        }
    }
    if (stepped)
        return 0;
    for (i = 0; i < 2; i++) {
        long long *ns = i ? recv_ns : send_ns;
        printf("{\"impl\": \"%s\", \"op\": \"%s\", \"ns\": [", impl,
               i ? "recv" : "send");
        for (r = 0; r < reps; r++)
            printf("%s%lld", r ? ", " : "", ns[r]);
        printf("]}\n");
    }
    return 0;
}
