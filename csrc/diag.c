/* The host's associations: the kernel's SCTP socket diagnostics (NETLINK_SOCK_DIAG, the
 * interface `ss --sctp` reads), or /proc/net/sctp/assocs where that is missing.  The
 * association id is only in /proc: it is added from there when both are readable. */
#include "internal.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct assoc {
    int family, state, nlocal, npeer, has_info;
    int32_t assoc_id;
    uint32_t inode, uid;
    uint16_t lport, rport, instreams, outstreams;
    struct sockaddr_storage *local, *peer, primary;
    struct sctp_info info;
};

struct sctpc_assoc_list {
    int count, cap;
    struct assoc *a;
};

static struct assoc *add(struct sctpc_assoc_list *l)
{
    if (l->count == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        struct assoc *a = realloc(l->a, (size_t)cap * sizeof *a);
        if (!a)
            return NULL;
        l->a = a;
        l->cap = cap;
    }
    memset(&l->a[l->count], 0, sizeof l->a[0]);
    l->a[l->count].assoc_id = -1;
    return &l->a[l->count++];
}

void sctpc_assocs_free(struct sctpc_assoc_list *l)
{
    int i;
    if (!l)
        return;
    for (i = 0; i < l->count; i++) {
        free(l->a[i].local);
        free(l->a[i].peer);
    }
    free(l->a);
    free(l);
}

/* n addresses packed as the kernel's sockaddr_storage slots. */
static struct sockaddr_storage *addr_copy(const void *p, size_t len, int *n)
{
    struct sockaddr_storage *out;
    *n = (int)(len / sizeof *out);
    if (!(out = malloc((size_t)(*n ? *n : 1) * sizeof *out)))
        return NULL;
    memcpy(out, p, (size_t)*n * sizeof *out);
    return out;
}

static int diag_one(struct sctpc_assoc_list *l, const struct inet_diag_msg *r, size_t len)
{
    const struct rtattr *rta = (const struct rtattr *)(r + 1);
    const void *locals = NULL, *peers = NULL;
    size_t nl = 0, np = 0;
    struct assoc *a;
    int rest = (int)(len - NLMSG_ALIGN(sizeof *r));
    struct sctp_info info;
    int has_info = 0;
    for (; RTA_OK(rta, rest); rta = RTA_NEXT(rta, rest)) {
        if (rta->rta_type == INET_DIAG_LOCALS)
            locals = RTA_DATA(rta), nl = RTA_PAYLOAD(rta);
        else if (rta->rta_type == INET_DIAG_PEERS)
            peers = RTA_DATA(rta), np = RTA_PAYLOAD(rta);
        else if (rta->rta_type == INET_DIAG_INFO) {
            memset(&info, 0, sizeof info);
            memcpy(&info, RTA_DATA(rta), RTA_PAYLOAD(rta) < sizeof info ? RTA_PAYLOAD(rta) : sizeof info);
            has_info = 1;
        }
    }
    if (!peers)             /* an endpoint: its associations come as entries of their own */
        return 0;
    if (!(a = add(l)))
        return -ENOMEM;
    a->family = r->idiag_family;
    a->state = r->idiag_state;
    a->inode = r->idiag_inode;
    a->uid = r->idiag_uid;
    a->lport = ntohs(r->id.idiag_sport);
    a->rport = ntohs(r->id.idiag_dport);
    if (!(a->local = addr_copy(locals ? locals : "", nl, &a->nlocal)) ||
        !(a->peer = addr_copy(peers, np, &a->npeer)))
        return -ENOMEM;
    if ((a->has_info = has_info)) {
        a->info = info;
        a->primary = info.sctpi_p_address;
        a->instreams = info.sctpi_instrms;
        a->outstreams = info.sctpi_outstrms;
    } else if (a->npeer) {
        a->primary = a->peer[0];
    }
    return 0;
}

#define DIAG_BUF 32768
/* One dump of sock_diag for a family; -ENOENT/-EPROTONOSUPPORT when SCTP's is missing. */
static int diag_family(int nl, struct sctpc_assoc_list *l, int family)
{
    struct {
        struct nlmsghdr h;
        struct inet_diag_req_v2 r;
    } req;
    unsigned char *buf;
    int r = 0;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = (uint32_t)family;
    req.r.sdiag_family = (uint8_t)family;
    req.r.sdiag_protocol = IPPROTO_SCTP;
    req.r.idiag_states = ~0U;
    req.r.idiag_ext = 1 << (INET_DIAG_INFO - 1);
    if (send(nl, &req, sizeof req, 0) < 0)
        return sctpc__err();
    if (!(buf = malloc(DIAG_BUF)))
        return -ENOMEM;
    for (;;) {
        ssize_t n = recv(nl, buf, DIAG_BUF, 0);
        const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
        if (n <= 0) {
            r = n < 0 ? sctpc__err() : 0;
            break;
        }
        for (; r == 0 && NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE)
                r = 1;
            else if (h->nlmsg_type == NLMSG_ERROR)
                r = ((const struct nlmsgerr *)NLMSG_DATA(h))->error ?: -EIO;
            else if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY)
                r = diag_one(l, NLMSG_DATA(h), h->nlmsg_len - NLMSG_HDRLEN);
        }
        if (r)
            break;
    }
    free(buf);
    return r < 0 ? r : 0;
}

static int parse_addr(const char *text, uint16_t port, struct sockaddr_storage *out)
{
    return sctpc_addr_resolve(text[0] == '*' ? text + 1 : text, port, 0, 0, out, NULL);
}

/* /proc/net/sctp/assocs: every line an association.  With merge, only the ids are taken
 * into the records already read from sock_diag (same inode and ports). */
static int from_proc(struct sctpc_assoc_list *l, int merge)
{
    FILE *f = fopen("/proc/net/sctp/assocs", "re");
    char line[4096];
    if (!f)
        return sctpc__err();
    if (!fgets(line, sizeof line, f)) {     /* the header */
        fclose(f);
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        char *tok[256], *save = NULL, *t;
        int n = 0, arrow = -1, k;
        struct assoc *a;
        for (t = strtok_r(line, " \t\n", &save); t && n < 256; t = strtok_r(NULL, " \t\n", &save)) {
            if (!strcmp(t, "<->"))
                arrow = n;
            tok[n++] = t;
        }
        if (arrow < 14 || n < arrow + 12)
            continue;
        if (merge) {
            for (k = 0; k < l->count; k++)
                if (l->a[k].inode == strtoul(tok[10], NULL, 10) && l->a[k].lport == atoi(tok[11]) &&
                    l->a[k].rport == atoi(tok[12]))
                    l->a[k].assoc_id = (int32_t)atol(tok[6]);
            continue;
        }
        if (!(a = add(l))) {
            fclose(f);
            return -ENOMEM;
        }
        a->state = atoi(tok[4]);
        a->assoc_id = (int32_t)atol(tok[6]);
        a->uid = (uint32_t)strtoul(tok[9], NULL, 10);
        a->inode = (uint32_t)strtoul(tok[10], NULL, 10);
        a->lport = (uint16_t)atoi(tok[11]);
        a->rport = (uint16_t)atoi(tok[12]);
        a->instreams = (uint16_t)atoi(tok[n - 10]);
        a->outstreams = (uint16_t)atoi(tok[n - 9]);
        a->nlocal = arrow - 13;
        a->npeer = n - 11 - (arrow + 1);
        a->local = calloc((size_t)(a->nlocal ? a->nlocal : 1), sizeof *a->local);
        a->peer = calloc((size_t)(a->npeer ? a->npeer : 1), sizeof *a->peer);
        if (!a->local || !a->peer) {
            fclose(f);
            return -ENOMEM;
        }
        for (k = 0; k < a->nlocal; k++)
            parse_addr(tok[13 + k], a->lport, &a->local[k]);
        for (k = 0; k < a->npeer; k++) {
            parse_addr(tok[arrow + 1 + k], a->rport, &a->peer[k]);
            if (tok[arrow + 1 + k][0] == '*' || k == 0)
                a->primary = a->peer[k];
        }
        a->family = a->npeer ? a->peer[0].ss_family : AF_INET;
    }
    fclose(f);
    return 0;
}

int sctpc_assocs(int from, struct sctpc_assoc_list **out, const char **source)
{
    struct sctpc_assoc_list *l = calloc(1, sizeof *l);
    int nl = -1, r = -ENOENT;
    *out = NULL;
    if (!l)
        return -ENOMEM;
    if (from != SCTPC_FROM_PROC && (nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)) < 0)
        r = sctpc__err();
    if (nl >= 0) {
        r = diag_family(nl, l, AF_INET);
        if (r == 0)
            r = diag_family(nl, l, AF_INET6);
        close(nl);
    }
    if (r == 0) {
        *source = "netlink";
        from_proc(l, 1);            /* the ids, where /proc can be read */
    } else if (from == SCTPC_FROM_NETLINK) {
        sctpc_assocs_free(l);
        return r;
    } else {
        int i;
        for (i = 0; i < l->count; i++) {
            free(l->a[i].local);
            free(l->a[i].peer);
        }
        l->count = 0;
        *source = "proc";
        if ((r = from_proc(l, 0)) < 0) {
            sctpc_assocs_free(l);
            return r;
        }
    }
    *out = l;
    return l->count;
}

int sctpc_assocs_fields(const struct sctpc_assoc_list *l, int i, struct sctpc_fields *f)
{
    const struct assoc *a;
    const struct sctp_info *s;
    const char *name;
    f->count = 0;
    if (!l || i < 0 || i >= l->count)
        return -EINVAL;
    a = &l->a[i];
    s = &a->info;
    sctpc__field(f, "family", SCTPC_INT, a->family, NULL, 0);
    sctpc__field(f, "state", SCTPC_INT, a->state, NULL, 0);
    /* the kernel's own numbering, one below SCTP_STATUS's (which starts with SCTP_EMPTY) */
    name = sctpc_name_of("sstat_state", a->state + 1);
    sctpc__field(f, "state_name", SCTPC_NAME, 0, name ? name : "UNKNOWN", 0);
    sctpc__field(f, "assoc_id", SCTPC_INT, a->assoc_id, NULL, 0);
    sctpc__field(f, "inode", SCTPC_INT, a->inode, NULL, 0);
    sctpc__field(f, "uid", SCTPC_INT, a->uid, NULL, 0);
    sctpc__field(f, "lport", SCTPC_INT, a->lport, NULL, 0);
    sctpc__field(f, "rport", SCTPC_INT, a->rport, NULL, 0);
    sctpc__field(f, "local", SCTPC_ADDRS, 0, a->local, (size_t)a->nlocal);
    sctpc__field(f, "peer", SCTPC_ADDRS, 0, a->peer, (size_t)a->npeer);
    sctpc__field(f, "primary", SCTPC_ADDR, 0, &a->primary, 0);
    sctpc__field(f, "instreams", SCTPC_INT, a->instreams, NULL, 0);
    sctpc__field(f, "outstreams", SCTPC_INT, a->outstreams, NULL, 0);
    if (!a->has_info)
        return 0;
    /* the diagnostics' figures: the association's, and its primary path's (sctpi_p_*) */
#define INFO(name, member) sctpc__field(f, name, SCTPC_INT, (int64_t)s->sctpi_##member, NULL, 0)
    INFO("tag", tag); INFO("peer_tag", peer_tag); INFO("rwnd", rwnd);
    INFO("peer_rwnd", peer_rwnd); INFO("unacked", unackdata); INFO("pending", penddata);
    INFO("inqueue", inqueue); INFO("outqueue", outqueue); INFO("retransmits", rtxchunks);
    INFO("out_of_seq_tsns", outofseqtsns); INFO("gap_acks", gapcnt);
    INFO("path_state", p_state); INFO("cwnd", p_cwnd); INFO("srtt", p_srtt); INFO("rto", p_rto);
    INFO("hbinterval", p_hbinterval); INFO("ssthresh", p_ssthresh);
    INFO("flight_size", p_flight_size);
#undef INFO
    return 0;
}
