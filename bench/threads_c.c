/* The C core's thread scaling, the ceiling for bench_scale.py's threads figure.
 *   threads_c THREADS SECONDS
 * Each thread drives its own loopback association as the Python workers do (32 messages of
 * 100 B sent with SCTP info, then received with it, until time is up); prints
 * {"threads": N, "msgs_per_s": ...}.  What two threads gain here is what the machine (its
 * CPUs, the kernel's locking) allows any binding. */
#include "sctp_core.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_THREADS 16

static atomic_int stop;

static int must(int r, const char *what)
{
    if (r < 0) { fprintf(stderr, "threads_c: %s: %s\n", what, strerror(-r)); exit(1); }
    return r;
}

static void *worker(void *arg)
{
    long long *count = arg;
    struct sockaddr_storage a;
    struct sctpc_sendinfo si = { .stream = 1, .ppid = htonl(46) };
    struct sctpc_recvinfo ri;
    char msg[100], buf[200];
    int srv, cli, conn, i;

    memset(msg, 'x', sizeof msg);
    srv = must(sctpc_socket(AF_INET, SOCK_STREAM), "socket");
    must(sctpc_addr_parse("127.0.0.1", 0, 0, 0, &a), "addr");
    must(sctpc_bind(srv, &a), "bind");
    must(sctpc_listen(srv, 1), "listen");
    must(sctpc_getsockname(srv, &a), "getsockname");
    cli = must(sctpc_socket(AF_INET, SOCK_STREAM), "socket");
    must(sctpc_setopt_int(cli, IPPROTO_SCTP, SCTP_NODELAY, 1), "nodelay");
    must(sctpc_connect(cli, &a, 5000), "connect");
    conn = must(sctpc_accept(srv, &a, 5000), "accept");
    must(sctpc_setopt_int(conn, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1), "recvrcvinfo");
    close(srv);
    while (!atomic_load(&stop)) {
        for (i = 0; i < 32; i++)
            must(sctpc_send(cli, NULL, &si, 0, -1, msg, sizeof msg), "send");
        for (i = 0; i < 32; i++)
            must(sctpc_recv(conn, 0, -1, buf, sizeof buf, &ri), "recv");
        *count += 32;
    }
    close(cli);
    close(conn);
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t[MAX_THREADS];
    long long counts[MAX_THREADS] = { 0 }, total = 0;
    int n, i;
    double seconds;

    if (argc != 3 || (n = atoi(argv[1])) < 1 || n > MAX_THREADS || (seconds = atof(argv[2])) <= 0) {
        fprintf(stderr, "usage: threads_c THREADS SECONDS\n");
        return 2;
    }
    for (i = 0; i < n; i++)
        must(-pthread_create(&t[i], NULL, worker, &counts[i]), "pthread_create");
    usleep((useconds_t)(seconds * 1e6));
    atomic_store(&stop, 1);
    for (i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
        total += counts[i];
    }
    printf("{\"threads\": %d, \"msgs_per_s\": %.0f}\n", n, (double)total / seconds);
    return 0;
}
