/* Does user-space work between receives make the receive itself slower?  Under QEMU's TCG the
 * guest's kernel shares the emulator's TLB and translation caches with the process that calls
 * it, so a caller that touches more memory and code between calls may pay more inside each
 * call: the question behind one Python call per message costing more in the VM than its
 * user-space instructions explain (see README, "Benchmarks").
 *
 *   working_set_probe DATA_PAGES CODE_PAGES [COUNT [REPS]]
 *
 * One process, one loopback association.  Each rep receives COUNT 100-byte messages with the
 * C core's sctpc_recv (SCTP info included), in chunks that fit the default socket buffers:
 * once with nothing between the calls, once touching DATA_PAGES pages of memory and calling
 * CODE_PAGES functions (at most 64), each on its own page, after every call; and times that
 * work alone.  Prints per call: the receive alone, the receive with the work beside it less
 * the work's own time, and their ratio. */
#include "sctp_core.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 500           /* messages queued at a time: 50 KB, within any receive buffer */
#define SIZE 100

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* 64 functions, each aligned to a page of its own. */
#define F(n) __attribute__((noinline, aligned(4096))) static int f##n(int x) { return x * 3 + n; }
#define F8(a) F(a##0) F(a##1) F(a##2) F(a##3) F(a##4) F(a##5) F(a##6) F(a##7)
F8(1) F8(2) F8(3) F8(4) F8(5) F8(6) F8(7) F8(8)
#define P8(a) f##a##0, f##a##1, f##a##2, f##a##3, f##a##4, f##a##5, f##a##6, f##a##7,
static int (*volatile funcs[64])(int) = { P8(1) P8(2) P8(3) P8(4) P8(5) P8(6) P8(7) P8(8) };

static int data_pages, code_pages;
static char *pages;
static volatile int sink;

static void work(void)
{
    int i, acc = 0;
    for (i = 0; i < data_pages; i++)       /* a different cache line of each page */
        pages[(size_t)i * 4096 + (size_t)(i & 63) * 64]++;
    for (i = 0; i < code_pages; i++)
        acc += funcs[i](i);
    sink = acc;
}

static void must(int ok, const char *what)
{
    if (!ok) { perror(what); exit(1); }
}

/* Receive count messages from rx (queued by tx, CHUNK at a time, untimed), with the work after
 * each call if with_work; returns the receiving time in ns. */
static long long receive(int tx, int rx, int count, int with_work)
{
    static char msg[SIZE], buf[SIZE + 1];
    struct sctpc_recvinfo ri;
    long long spent = 0, t0;
    int done, i, n;
    for (done = 0; done < count; done += n) {
        n = count - done < CHUNK ? count - done : CHUNK;
        for (i = 0; i < n; i++)
            must(send(tx, msg, SIZE, 0) == SIZE, "send");
        usleep(50000);                      /* loopback: queued at rx by then */
        t0 = now_ns();
        for (i = 0; i < n; i++) {
            must(sctpc_recv(rx, 0, -1, buf, sizeof buf, &ri) == SIZE && ri.has_info, "recv");
            if (with_work)
                work();
        }
        spent += now_ns() - t0;
    }
    return spent;
}

int main(int argc, char **argv)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct sctp_event_subscribe ev = { .sctp_data_io_event = 1 };
    socklen_t sl = sizeof sa;
    int count, reps, l, tx, rx, one = 1, rep, i;
    if (argc < 3) {
        fprintf(stderr, "usage: working_set_probe DATA_PAGES CODE_PAGES [COUNT [REPS]]\n");
        return 2;
    }
    data_pages = atoi(argv[1]);
    code_pages = atoi(argv[2]);
    count = argc > 3 ? atoi(argv[3]) : 20000;
    reps = argc > 4 ? atoi(argv[4]) : 3;
    if (data_pages < 0 || code_pages < 0 || code_pages > 64 || count < 1 || reps < 1) {
        fprintf(stderr, "working_set_probe: DATA_PAGES >= 0, CODE_PAGES 0-64, "
                        "COUNT and REPS >= 1\n");
        return 2;
    }
    must((pages = calloc((size_t)data_pages + 1, 4096)) != NULL, "calloc");
    must((l = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP)) >= 0, "socket (no SCTP in this kernel?)");
    must(bind(l, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(l, 1) == 0 &&
         getsockname(l, (struct sockaddr *)&sa, &sl) == 0, "listen");
    must((tx = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP)) >= 0, "socket");
    setsockopt(tx, IPPROTO_SCTP, SCTP_NODELAY, &one, sizeof one);
    must(connect(tx, (struct sockaddr *)&sa, sizeof sa) == 0, "connect");
    must((rx = accept(l, NULL, NULL)) >= 0, "accept");
    must(setsockopt(rx, IPPROTO_SCTP, SCTP_EVENTS, &ev, sizeof ev) == 0, "SCTP_EVENTS");
    for (rep = 0; rep < reps; rep++) {
        double alone = receive(tx, rx, count, 0) / (double)count;
        double both = receive(tx, rx, count, 1) / (double)count;
        long long t0 = now_ns();
        double w;
        for (i = 0; i < count; i++)
            work();
        w = (now_ns() - t0) / (double)count;
        printf("data pages %d, code pages %d: receive alone %.0f ns, with the work %.0f ns"
               " - the work alone %.0f ns = %.0f ns (x%.2f)\n", data_pages, code_pages, alone,
               both, w, both - w, (both - w) / alone);
    }
    return 0;
}
