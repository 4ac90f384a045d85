/* The socket handle: a descriptor with its timeout, the calls inside it, and a wake-up
 * descriptor while calls wait, so that closing it ends every wait at once. */
#include "internal.h"

#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

struct sctpc_sock {
    int fd;
    int64_t timeout_ms;
    /* The owner counts as one user until it closes; each call in progress as one more.
     * Whoever brings users to 0 closes the descriptors, so no call ever finds its
     * descriptor number closed (and perhaps reused) under it. */
    atomic_int users;
    atomic_int closing;
    /* An eventfd while calls wait (-1 otherwise): made by the first waiter, closed by the
     * last, so a socket holds one descriptor while it does not wait (programs keep many). */
    pthread_mutex_t wake_lock;
    int wake_fd, waiters;
    int close_fd;
    int (*interrupt)(void *ctx);
    void *interrupt_ctx;
    struct sockaddr_storage last_from;
    void *last_from_obj;
    atomic_flag scratch_held;
    atomic_size_t last_len;     /* the last data message's size: a hint, so relaxed */
    unsigned char *scratch;
    size_t scratch_len;
};

int64_t sctpc_timeout_ms(double seconds)
{
    double ms;
    if (!(seconds >= 0))            /* negative or NaN: no timeout */
        return -1;
    ms = ceil(seconds * 1000.0);
    return ms > 9.0e15 ? INT64_C(9000000000000000) : (int64_t)ms;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct sctpc_sock *sctpc_sock_new(int fd)
{
    struct sctpc_sock *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->fd = fd;
    s->timeout_ms = -1;
    atomic_init(&s->users, 1);
    atomic_init(&s->closing, 0);
    pthread_mutex_init(&s->wake_lock, NULL);
    s->wake_fd = -1;
    atomic_flag_clear(&s->scratch_held);
    atomic_init(&s->last_len, 0);
    return s;
}

void sctpc_sock_free(struct sctpc_sock *s)
{
    if (!s)
        return;
    pthread_mutex_destroy(&s->wake_lock);
    free(s->scratch);
    free(s);
}

int sctpc_sock_fd(const struct sctpc_sock *s)
{
    return atomic_load(&((struct sctpc_sock *)s)->closing) ? -1 : s->fd;
}

void sctpc_sock_settimeout(struct sctpc_sock *s, int64_t timeout_ms)
{
    s->timeout_ms = timeout_ms < 0 ? -1 : timeout_ms;
}

int64_t sctpc_sock_gettimeout(const struct sctpc_sock *s)
{
    return s->timeout_ms;
}

void sctpc_sock_set_interrupt(struct sctpc_sock *s, int (*hook)(void *ctx), void *ctx)
{
    s->interrupt = hook;
    s->interrupt_ctx = ctx;
}

static void last_leaves(struct sctpc_sock *s)
{
    if (s->close_fd)
        sctpc_close(s->fd);
}

int sctpc__enter(struct sctpc_sock *s)
{
    int u = atomic_load(&s->users);
    do {
        if (u == 0)
            return -EBADF;
    } while (!atomic_compare_exchange_weak(&s->users, &u, u + 1));
    if (atomic_load(&s->closing) || s->fd < 0) {
        sctpc__leave(s);
        return -EBADF;
    }
    return s->fd;
}

void sctpc__leave(struct sctpc_sock *s)
{
    if (atomic_fetch_sub(&s->users, 1) == 1)
        last_leaves(s);
}

sctpc_status sctpc_sock_close(struct sctpc_sock *s, int close_fd)
{
    if (atomic_exchange(&s->closing, 1))
        return 0;
    s->close_fd = close_fd;
    pthread_mutex_lock(&s->wake_lock);
    if (s->wake_fd >= 0)
        eventfd_write(s->wake_fd, 1);   /* stays readable: every waiter wakes */
    pthread_mutex_unlock(&s->wake_lock);
    sctpc__leave(s);                /* the owner's count */
    return 0;
}

int sctpc_sock_same_sender(struct sctpc_sock *s, const struct sockaddr_storage *a)
{
    socklen_t len = sctpc_addrlen(a->ss_family);
    /* constant lengths: the compiler compares in place, on every receive */
    if (a->ss_family == AF_INET ? memcmp(a, &s->last_from, sizeof(struct sockaddr_in)) == 0 :
        a->ss_family == AF_INET6 && memcmp(a, &s->last_from, sizeof(struct sockaddr_in6)) == 0)
        return 1;
    memset(&s->last_from, 0, sizeof s->last_from);
    if (len)
        memcpy(&s->last_from, a, len);
    return 0;
}

void **sctpc_sock_sender_slot(struct sctpc_sock *s)
{
    return &s->last_from_obj;
}

void *sctpc_sock_scratch(struct sctpc_sock *s, size_t len)
{
    if (atomic_flag_test_and_set_explicit(&s->scratch_held, memory_order_acquire))
        return NULL;
    if (s->scratch_len < len) {
        unsigned char *p = realloc(s->scratch, len);
        if (!p) {
            atomic_flag_clear_explicit(&s->scratch_held, memory_order_release);
            return NULL;
        }
        s->scratch = p;
        s->scratch_len = len;
    }
    return s->scratch;
}

size_t sctpc_sock_size_hint(const struct sctpc_sock *s)
{
    return atomic_load_explicit(&s->last_len, memory_order_relaxed);
}

void sctpc_sock_scratch_done(struct sctpc_sock *s, void *scratch, size_t received)
{
    if (received)
        atomic_store_explicit(&s->last_len, received, memory_order_relaxed);
    if (scratch)        /* a lock's release: no full fence */
        atomic_flag_clear_explicit(&s->scratch_held, memory_order_release);
}

/* A waiter joins: the wake-up descriptor (made if it is the first; -1 if that failed, then
 * close() cannot wake it but it still sees close() when the wait ends), or -EBADF once the
 * handle is closing.  Under the lock, so close() either comes first or finds the descriptor. */
static int wake_join(struct sctpc_sock *s)
{
    int w;
    pthread_mutex_lock(&s->wake_lock);
    if (atomic_load(&s->closing))
        w = -EBADF;
    else {
        if (s->wake_fd < 0)
            s->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        s->waiters++;
        w = s->wake_fd < 0 ? -1 : s->wake_fd;
    }
    pthread_mutex_unlock(&s->wake_lock);
    return w;
}

static void wake_leave(struct sctpc_sock *s)
{
    pthread_mutex_lock(&s->wake_lock);
    if (--s->waiters == 0 && s->wake_fd >= 0) {
        close(s->wake_fd);
        s->wake_fd = -1;
    }
    pthread_mutex_unlock(&s->wake_lock);
}

static int wait_ready(struct sctpc_sock *s, struct pollfd *p, int64_t deadline)
{
    for (;;) {
        int wait_ms, r;
        if (deadline < 0)
            wait_ms = -1;
        else {
            int64_t left = deadline - now_ms();
            if (left <= 0)
                return -SCTPC_ETIMEOUT;
            wait_ms = left > 0x7fffffff ? 0x7fffffff : (int)left;   /* long timeouts: in steps */
        }
        r = poll(p, 2, wait_ms);
        if (r < 0) {
            if (errno != EINTR)
                return sctpc__err();
            if (s->interrupt && s->interrupt(s->interrupt_ctx))
                return -EINTR;
            continue;
        }
        if (atomic_load(&s->closing) || (p[0].revents & POLLNVAL))
            return -EBADF;
        if (r > 0)
            return 0;   /* readable, writable or in error: the retried call tells which */
    }
}

int sctpc__wait(struct sctpc_sock *s, short events, int64_t *deadline)
{
    struct pollfd p[2] = { { .fd = s->fd, .events = events }, { .fd = -1, .events = POLLIN } };
    int64_t timeout_ms = sctpc_sock_gettimeout(s);
    int r;
    if (timeout_ms == 0)
        return -EAGAIN;
    if (*deadline == SCTPC__NO_DEADLINE_YET)
        *deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    if ((r = wake_join(s)) == -EBADF)
        return r;
    p[1].fd = r;            /* poll() skips a negative one */
    r = wait_ready(s, p, *deadline);
    wake_leave(s);
    return r;
}

int sctpc__retry(struct sctpc_sock *s, short events, int64_t *deadline, int msg_flags)
{
    if (errno == EINTR)
        return 0;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
        return sctpc__err();
    if (msg_flags & MSG_DONTWAIT)       /* the caller's one try */
        return -EAGAIN;
    return sctpc__wait(s, events, deadline);
}

/* ------------------------------------------------------------------ tables */

static const struct sctpc_event events[] = {
    { "data_io", SCTP_DATA_IO_EVENT }, { "association", SCTP_ASSOC_CHANGE },
    { "address", SCTP_PEER_ADDR_CHANGE }, { "send_failure", SCTP_SEND_FAILED },
    { "peer_error", SCTP_REMOTE_ERROR }, { "shutdown", SCTP_SHUTDOWN_EVENT },
    { "partial_delivery", SCTP_PARTIAL_DELIVERY_EVENT },
    { "adaptation_layer", SCTP_ADAPTATION_INDICATION },
    { "authentication", SCTP_AUTHENTICATION_EVENT }, { "sender_dry", SCTP_SENDER_DRY_EVENT },
    { "stream_reset", SCTP_STREAM_RESET_EVENT }, { "assoc_reset", SCTP_ASSOC_RESET_EVENT },
    { "stream_change", SCTP_STREAM_CHANGE_EVENT },
    { "send_failure_event", SCTP_SEND_FAILED_EVENT },
    { NULL, 0 } };

const struct sctpc_event *sctpc_event_at(int i)
{
    if (i < 0 || i >= (int)(sizeof events / sizeof events[0]) - 1)
        return NULL;
    return &events[i];
}

sctpc_status sctpc_event_type(const char *name)
{
    const struct sctpc_event *e;
    for (e = events; e->name; e++)
        if (strcmp(e->name, name) == 0)
            return e->value;
    return -ENOENT;
}

const char *sctpc_field_error(int status)
{
    switch (status) {
    case -ENOENT: return "is not a field";
    case -ERANGE: return "is out of range";
    case -E2BIG: return "is too long";
    case -EINVAL: return "has the wrong kind of value";
    case -EDOM: return "is none of the names it takes";
    default: return NULL;
    }
}
