/* Socket options as a table of named members: one generic get/set path serves every option
 * in every binding.  A variable-length tail (HMAC ids, chunk types, keys, stream and
 * association id lists) is one list member whose element count lives in another field. */
#include "internal.h"

#include <stddef.h>
#include <string.h>

#define M(st, field, name, kind) { name, (uint16_t)offsetof(st, field), SCTPC_M_##kind, 0, 0 }
#define LIST(st, field, name, kind, count, ckind) \
    { name, (uint16_t)offsetof(st, field), SCTPC_M_##kind, SCTPC_M_##ckind, \
      (uint16_t)offsetof(st, count) }
#define ASSOC_VALUE_MEMBERS(n) \
    static const struct sctpc_member n[] = { \
        M(struct sctp_assoc_value, assoc_id, "assoc_id", S32), \
        M(struct sctp_assoc_value, assoc_value, "value", U32) }

static const struct sctpc_member m_int[] = { { "value", 0, SCTPC_M_S32, 0, 0 } };
static const struct sctpc_member m_u32[] = { { "value", 0, SCTPC_M_U32, 0, 0 } };
static const struct sctpc_member m_rtoinfo[] = {
    M(struct sctp_rtoinfo, srto_assoc_id, "assoc_id", S32),
    M(struct sctp_rtoinfo, srto_initial, "initial", U32),
    M(struct sctp_rtoinfo, srto_max, "max", U32),
    M(struct sctp_rtoinfo, srto_min, "min", U32) };
static const struct sctpc_member m_assocparams[] = {
    M(struct sctp_assocparams, sasoc_assoc_id, "assoc_id", S32),
    M(struct sctp_assocparams, sasoc_asocmaxrxt, "asocmaxrxt", U16),
    M(struct sctp_assocparams, sasoc_number_peer_destinations, "number_peer_destinations", U16),
    M(struct sctp_assocparams, sasoc_peer_rwnd, "peer_rwnd", U32),
    M(struct sctp_assocparams, sasoc_local_rwnd, "local_rwnd", U32),
    M(struct sctp_assocparams, sasoc_cookie_life, "cookie_life", U32) };
static const struct sctpc_member m_initmsg[] = {
    M(struct sctp_initmsg, sinit_num_ostreams, "num_ostreams", U16),
    M(struct sctp_initmsg, sinit_max_instreams, "max_instreams", U16),
    M(struct sctp_initmsg, sinit_max_attempts, "max_attempts", U16),
    M(struct sctp_initmsg, sinit_max_init_timeo, "max_init_timeo", U16) };
static const struct sctpc_member m_setpeerprim[] = {
    M(struct sctp_setpeerprim, sspp_assoc_id, "assoc_id", S32),
    M(struct sctp_setpeerprim, sspp_addr, "addr", ADDR) };
static const struct sctpc_member m_prim[] = {
    M(struct sctp_prim, ssp_assoc_id, "assoc_id", S32),
    M(struct sctp_prim, ssp_addr, "addr", ADDR) };
static const struct sctpc_member m_adaptation[] = {
    M(struct sctp_setadaptation, ssb_adaptation_ind, "adaptation_ind", U32) };
static const struct sctpc_member m_paddrparams[] = {
    M(struct sctp_paddrparams, spp_assoc_id, "assoc_id", S32),
    M(struct sctp_paddrparams, spp_address, "address", ADDR),
    M(struct sctp_paddrparams, spp_hbinterval, "hbinterval", U32),
    M(struct sctp_paddrparams, spp_pathmaxrxt, "pathmaxrxt", U16),
    M(struct sctp_paddrparams, spp_pathmtu, "pathmtu", U32),
    M(struct sctp_paddrparams, spp_sackdelay, "sackdelay", U32),
    M(struct sctp_paddrparams, spp_flags, "flags", U32),
    M(struct sctp_paddrparams, spp_ipv6_flowlabel, "ipv6_flowlabel", U32),
    M(struct sctp_paddrparams, spp_dscp, "dscp", U8) };
static const struct sctpc_member m_sndrcvinfo[] = {
    M(struct sctp_sndrcvinfo, sinfo_stream, "stream", U16),
    M(struct sctp_sndrcvinfo, sinfo_ssn, "ssn", U16),
    M(struct sctp_sndrcvinfo, sinfo_flags, "flags", U16),
    M(struct sctp_sndrcvinfo, sinfo_ppid, "ppid", U32),
    M(struct sctp_sndrcvinfo, sinfo_context, "context", U32),
    M(struct sctp_sndrcvinfo, sinfo_timetolive, "timetolive", U32),
    M(struct sctp_sndrcvinfo, sinfo_tsn, "tsn", U32),
    M(struct sctp_sndrcvinfo, sinfo_cumtsn, "cumtsn", U32),
    M(struct sctp_sndrcvinfo, sinfo_assoc_id, "assoc_id", S32) };
#define EV(f, name) M(struct sctp_event_subscribe, f, name, U8)
static const struct sctpc_member m_events[] = {
    EV(sctp_data_io_event, "data_io"), EV(sctp_association_event, "association"),
    EV(sctp_address_event, "address"), EV(sctp_send_failure_event, "send_failure"),
    EV(sctp_peer_error_event, "peer_error"), EV(sctp_shutdown_event, "shutdown"),
    EV(sctp_partial_delivery_event, "partial_delivery"),
    EV(sctp_adaptation_layer_event, "adaptation_layer"),
    EV(sctp_authentication_event, "authentication"), EV(sctp_sender_dry_event, "sender_dry"),
    EV(sctp_stream_reset_event, "stream_reset"), EV(sctp_assoc_reset_event, "assoc_reset"),
    EV(sctp_stream_change_event, "stream_change"),
    EV(sctp_send_failure_event_event, "send_failure_event") };
ASSOC_VALUE_MEMBERS(m_assoc_value);
static const struct sctpc_member m_paddrinfo[] = {
    M(struct sctp_paddrinfo, spinfo_assoc_id, "assoc_id", S32),
    M(struct sctp_paddrinfo, spinfo_address, "address", ADDR),
    M(struct sctp_paddrinfo, spinfo_state, "state", S32),
    M(struct sctp_paddrinfo, spinfo_cwnd, "cwnd", U32),
    M(struct sctp_paddrinfo, spinfo_srtt, "srtt", U32),
    M(struct sctp_paddrinfo, spinfo_rto, "rto", U32),
    M(struct sctp_paddrinfo, spinfo_mtu, "mtu", U32) };
#define PRIM(f, name, kind) { name, (uint16_t)(offsetof(struct sctp_status, sstat_primary) + \
                                               offsetof(struct sctp_paddrinfo, f)), SCTPC_M_##kind, 0, 0 }
static const struct sctpc_member m_status[] = {
    M(struct sctp_status, sstat_assoc_id, "assoc_id", S32),
    M(struct sctp_status, sstat_state, "state", S32),
    M(struct sctp_status, sstat_rwnd, "rwnd", U32),
    M(struct sctp_status, sstat_unackdata, "unackdata", U16),
    M(struct sctp_status, sstat_penddata, "penddata", U16),
    M(struct sctp_status, sstat_instrms, "instrms", U16),
    M(struct sctp_status, sstat_outstrms, "outstrms", U16),
    M(struct sctp_status, sstat_fragmentation_point, "fragmentation_point", U32),
    PRIM(spinfo_address, "primary_address", ADDR), PRIM(spinfo_state, "primary_state", S32),
    PRIM(spinfo_cwnd, "primary_cwnd", U32), PRIM(spinfo_srtt, "primary_srtt", U32),
    PRIM(spinfo_rto, "primary_rto", U32), PRIM(spinfo_mtu, "primary_mtu", U32) };
static const struct sctpc_member m_sack_info[] = {
    M(struct sctp_sack_info, sack_assoc_id, "assoc_id", S32),
    M(struct sctp_sack_info, sack_delay, "delay", U32),
    M(struct sctp_sack_info, sack_freq, "freq", U32) };
static const struct sctpc_member m_authchunk[] = {
    M(struct sctp_authchunk, sauth_chunk, "chunk", U8) };
static const struct sctpc_member m_hmacalgo[] = {
    LIST(struct sctp_hmacalgo, shmac_idents, "idents", LIST16, shmac_num_idents, U32) };
static const struct sctpc_member m_authkey[] = {
    M(struct sctp_authkey, sca_assoc_id, "assoc_id", S32),
    M(struct sctp_authkey, sca_keynumber, "keynumber", U16),
    LIST(struct sctp_authkey, sca_key, "key", BYTES, sca_keylength, U16) };
static const struct sctpc_member m_authchunks[] = {
    M(struct sctp_authchunks, gauth_assoc_id, "assoc_id", S32),
    LIST(struct sctp_authchunks, gauth_chunks, "chunks", LIST8, gauth_number_of_chunks, U32) };
static const struct sctpc_member m_assoc_ids[] = {
    LIST(struct sctp_assoc_ids, gaids_assoc_id, "assoc_ids", LIST32, gaids_number_of_ids, U32) };
static const struct sctpc_member m_reset_streams[] = {
    M(struct sctp_reset_streams, srs_assoc_id, "assoc_id", S32),
    M(struct sctp_reset_streams, srs_flags, "flags", U16),
    LIST(struct sctp_reset_streams, srs_stream_list, "streams", LIST16, srs_number_streams, U16) };
static const struct sctpc_member m_authkeyid[] = {
    M(struct sctp_authkeyid, scact_assoc_id, "assoc_id", S32),
    M(struct sctp_authkeyid, scact_keynumber, "keynumber", U16) };
static const struct sctpc_member m_paddrthlds[] = {
    M(struct sctp_paddrthlds_v2, spt_assoc_id, "assoc_id", S32),
    M(struct sctp_paddrthlds_v2, spt_address, "address", ADDR),
    M(struct sctp_paddrthlds_v2, spt_pathmaxrxt, "pathmaxrxt", U16),
    M(struct sctp_paddrthlds_v2, spt_pathpfthld, "pathpfthld", U16),
    M(struct sctp_paddrthlds_v2, spt_pathcpthld, "pathcpthld", U16) };
static const struct sctpc_member m_paddrthlds_v1[] = {   /* v2 without pathcpthld */
    M(struct sctp_paddrthlds, spt_assoc_id, "assoc_id", S32),
    M(struct sctp_paddrthlds, spt_address, "address", ADDR),
    M(struct sctp_paddrthlds, spt_pathmaxrxt, "pathmaxrxt", U16),
    M(struct sctp_paddrthlds, spt_pathpfthld, "pathpfthld", U16) };
static const struct sctpc_member m_sndinfo[] = {
    M(struct sctp_sndinfo, snd_sid, "sid", U16),
    M(struct sctp_sndinfo, snd_flags, "flags", U16),
    M(struct sctp_sndinfo, snd_ppid, "ppid", U32),
    M(struct sctp_sndinfo, snd_context, "context", U32),
    M(struct sctp_sndinfo, snd_assoc_id, "assoc_id", S32) };
#define ASSOC_STAT(f) M(struct sctp_assoc_stats, sas_##f, #f, U64)
static const struct sctpc_member m_assoc_stats[] = {
    M(struct sctp_assoc_stats, sas_assoc_id, "assoc_id", S32),
    M(struct sctp_assoc_stats, sas_obs_rto_ipaddr, "obs_rto_ipaddr", ADDR),
    ASSOC_STAT(maxrto), ASSOC_STAT(isacks), ASSOC_STAT(osacks), ASSOC_STAT(opackets),
    ASSOC_STAT(ipackets), ASSOC_STAT(rtxchunks), ASSOC_STAT(outofseqtsns),
    ASSOC_STAT(idupchunks), ASSOC_STAT(gapcnt), ASSOC_STAT(ouodchunks), ASSOC_STAT(iuodchunks),
    ASSOC_STAT(oodchunks), ASSOC_STAT(iodchunks), ASSOC_STAT(octrlchunks),
    ASSOC_STAT(ictrlchunks) };
static const struct sctpc_member m_default_prinfo[] = {
    M(struct sctp_default_prinfo, pr_assoc_id, "assoc_id", S32),
    M(struct sctp_default_prinfo, pr_value, "value", U32),
    M(struct sctp_default_prinfo, pr_policy, "policy", U16) };
static const struct sctpc_member m_prstatus[] = {
    M(struct sctp_prstatus, sprstat_assoc_id, "assoc_id", S32),
    M(struct sctp_prstatus, sprstat_sid, "sid", U16),
    M(struct sctp_prstatus, sprstat_policy, "policy", U16),
    M(struct sctp_prstatus, sprstat_abandoned_unsent, "abandoned_unsent", U64),
    M(struct sctp_prstatus, sprstat_abandoned_sent, "abandoned_sent", U64) };
static const struct sctpc_member m_add_streams[] = {
    M(struct sctp_add_streams, sas_assoc_id, "assoc_id", S32),
    M(struct sctp_add_streams, sas_instrms, "instrms", U16),
    M(struct sctp_add_streams, sas_outstrms, "outstrms", U16) };
static const struct sctpc_member m_stream_value[] = {
    M(struct sctp_stream_value, assoc_id, "assoc_id", S32),
    M(struct sctp_stream_value, stream_id, "stream_id", U16),
    M(struct sctp_stream_value, stream_value, "stream_value", U16) };
static const struct sctpc_member m_event[] = {
    M(struct sctp_event, se_assoc_id, "assoc_id", S32),
    M(struct sctp_event, se_type, "type", U16),
    M(struct sctp_event, se_on, "on", U8) };
static const struct sctpc_member m_udpencaps[] = {
    M(struct sctp_udpencaps, sue_assoc_id, "assoc_id", S32),
    M(struct sctp_udpencaps, sue_address, "address", ADDR),
    M(struct sctp_udpencaps, sue_port, "port", BE16) };
static const struct sctpc_member m_probeinterval[] = {
    M(struct sctp_probeinterval, spi_assoc_id, "assoc_id", S32),
    M(struct sctp_probeinterval, spi_address, "address", ADDR),
    M(struct sctp_probeinterval, spi_interval, "interval", U32) };
static const struct sctpc_member m_assoc_id[] = { { "assoc_id", 0, SCTPC_M_S32, 0, 0 } };

#define GET SCTPC_OPT_GET
#define SET SCTPC_OPT_SET
#define BOTH (SCTPC_OPT_GET | SCTPC_OPT_SET)
/* The name is stringified here, before it can expand to its number. */
#define O(name, level, size, dir, members) \
    { #name, level, name, (uint16_t)(size), dir, \
      (uint8_t)(sizeof members / sizeof members[0]), members }
#define S(name, st, dir, members) \
    { #name, IPPROTO_SCTP, name, (uint16_t)sizeof(st), dir, \
      (uint8_t)(sizeof members / sizeof members[0]), members }

static const struct sctpc_optdesc options[] = {
    S(SCTP_RTOINFO, struct sctp_rtoinfo, BOTH, m_rtoinfo),
    S(SCTP_ASSOCINFO, struct sctp_assocparams, BOTH, m_assocparams),
    S(SCTP_INITMSG, struct sctp_initmsg, BOTH, m_initmsg),
    S(SCTP_NODELAY, int, BOTH, m_int),
    S(SCTP_AUTOCLOSE, int, BOTH, m_int),
    S(SCTP_SET_PEER_PRIMARY_ADDR, struct sctp_setpeerprim, SET, m_setpeerprim),
    S(SCTP_PRIMARY_ADDR, struct sctp_prim, BOTH, m_prim),
    S(SCTP_ADAPTATION_LAYER, struct sctp_setadaptation, BOTH, m_adaptation),
    S(SCTP_DISABLE_FRAGMENTS, int, BOTH, m_int),
    S(SCTP_PEER_ADDR_PARAMS, struct sctp_paddrparams, BOTH, m_paddrparams),
    S(SCTP_DEFAULT_SEND_PARAM, struct sctp_sndrcvinfo, BOTH, m_sndrcvinfo),
    S(SCTP_EVENTS, struct sctp_event_subscribe, BOTH, m_events),
    S(SCTP_I_WANT_MAPPED_V4_ADDR, int, BOTH, m_int),
    S(SCTP_MAXSEG, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_STATUS, struct sctp_status, GET, m_status),
    S(SCTP_GET_PEER_ADDR_INFO, struct sctp_paddrinfo, GET, m_paddrinfo),
    S(SCTP_DELAYED_SACK, struct sctp_sack_info, BOTH, m_sack_info),
    S(SCTP_CONTEXT, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_FRAGMENT_INTERLEAVE, int, BOTH, m_int),
    S(SCTP_PARTIAL_DELIVERY_POINT, uint32_t, BOTH, m_u32),
    S(SCTP_MAX_BURST, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_AUTH_CHUNK, struct sctp_authchunk, SET, m_authchunk),
    S(SCTP_HMAC_IDENT, struct sctp_hmacalgo, BOTH, m_hmacalgo),
    S(SCTP_AUTH_KEY, struct sctp_authkey, SET, m_authkey),
    S(SCTP_AUTH_ACTIVE_KEY, struct sctp_authkeyid, BOTH, m_authkeyid),
    S(SCTP_AUTH_DELETE_KEY, struct sctp_authkeyid, SET, m_authkeyid),
    S(SCTP_AUTH_DEACTIVATE_KEY, struct sctp_authkeyid, SET, m_authkeyid),
    S(SCTP_PEER_AUTH_CHUNKS, struct sctp_authchunks, GET, m_authchunks),
    S(SCTP_LOCAL_AUTH_CHUNKS, struct sctp_authchunks, GET, m_authchunks),
    S(SCTP_GET_ASSOC_NUMBER, uint32_t, GET, m_u32),
    S(SCTP_GET_ASSOC_ID_LIST, struct sctp_assoc_ids, GET, m_assoc_ids),
    S(SCTP_AUTO_ASCONF, int, BOTH, m_int),
    S(SCTP_PEER_ADDR_THLDS, struct sctp_paddrthlds, BOTH, m_paddrthlds_v1),
    S(SCTP_PEER_ADDR_THLDS_V2, struct sctp_paddrthlds_v2, BOTH, m_paddrthlds),
    S(SCTP_RECVRCVINFO, int, BOTH, m_int),
    S(SCTP_RECVNXTINFO, int, BOTH, m_int),
    S(SCTP_DEFAULT_SNDINFO, struct sctp_sndinfo, BOTH, m_sndinfo),
    S(SCTP_REUSE_PORT, int, BOTH, m_int),
    S(SCTP_GET_ASSOC_STATS, struct sctp_assoc_stats, GET, m_assoc_stats),
    S(SCTP_PR_SUPPORTED, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_DEFAULT_PRINFO, struct sctp_default_prinfo, BOTH, m_default_prinfo),
    S(SCTP_PR_ASSOC_STATUS, struct sctp_prstatus, GET, m_prstatus),
    S(SCTP_PR_STREAM_STATUS, struct sctp_prstatus, GET, m_prstatus),
    S(SCTP_RECONFIG_SUPPORTED, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_ENABLE_STREAM_RESET, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_RESET_STREAMS, struct sctp_reset_streams, SET, m_reset_streams),
    S(SCTP_RESET_ASSOC, sctp_assoc_t, SET, m_assoc_id),
    S(SCTP_ADD_STREAMS, struct sctp_add_streams, SET, m_add_streams),
    S(SCTP_STREAM_SCHEDULER, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_STREAM_SCHEDULER_VALUE, struct sctp_stream_value, BOTH, m_stream_value),
    S(SCTP_INTERLEAVING_SUPPORTED, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_EVENT, struct sctp_event, BOTH, m_event),
    S(SCTP_ASCONF_SUPPORTED, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_AUTH_SUPPORTED, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_ECN_SUPPORTED, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_EXPOSE_POTENTIALLY_FAILED_STATE, struct sctp_assoc_value, BOTH, m_assoc_value),
    S(SCTP_REMOTE_UDP_ENCAPS_PORT, struct sctp_udpencaps, BOTH, m_udpencaps),
    S(SCTP_PLPMTUD_PROBE_INTERVAL, struct sctp_probeinterval, BOTH, m_probeinterval),
    O(SO_RCVBUF, SOL_SOCKET, sizeof(int), BOTH, m_int),
    O(SO_SNDBUF, SOL_SOCKET, sizeof(int), BOTH, m_int),
    { NULL, 0, 0, 0, 0, 0, NULL } };

const struct sctpc_optdesc *sctpc_optdesc_at(int i)
{
    if (i < 0 || i >= (int)(sizeof options / sizeof options[0]) - 1)
        return NULL;
    return &options[i];
}

/* Other names <linux/sctp.h> gives the same options. */
static const char *const aliases[][2] = {
    { "SCTP_DELAYED_ACK_TIME", "SCTP_DELAYED_SACK" },
    { "SCTP_DELAYED_ACK", "SCTP_DELAYED_SACK" },
    { "SCTP_EXPOSE_PF_STATE", "SCTP_EXPOSE_POTENTIALLY_FAILED_STATE" },
};

const struct sctpc_optdesc *sctpc_optdesc_find(const char *name)
{
    const struct sctpc_optdesc *d;
    size_t i;
    for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i][0], name) == 0)
            name = aliases[i][1];
    for (d = options; d->name; d++)
        if (strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

sctpc_status sctpc_optval_init(struct sctpc_optval *v, const char *name)
{
    memset(v, 0, sizeof *v);
    v->desc = sctpc_optdesc_find(name);
    if (!v->desc)
        return -ENOPROTOOPT;
    v->len = v->desc->size;
    return 0;
}

static const struct sctpc_member *member(const struct sctpc_optval *v, const char *name)
{
    int i;
    for (i = 0; v->desc && i < v->desc->nmembers; i++)
        if (strcmp(v->desc->members[i].name, name) == 0)
            return &v->desc->members[i];
    return NULL;
}

sctpc_status sctpc_optval_set_int(struct sctpc_optval *v, const char *name, int64_t x)
{
    const struct sctpc_member *m = member(v, name);
    unsigned char *p;
    if (!m)
        return -ENOENT;
    if (m->kind == SCTPC_M_ADDR || m->kind >= SCTPC_M_LIST8)
        return -EINVAL;
    p = v->buf + m->offset;
    switch (m->kind) {
    case SCTPC_M_U8:
        if (x < 0 || x > UINT8_MAX) return -ERANGE;
        *p = (uint8_t)x;
        break;
    case SCTPC_M_U16: case SCTPC_M_BE16: {
        uint16_t u;
        if (x < 0 || x > UINT16_MAX) return -ERANGE;
        u = m->kind == SCTPC_M_BE16 ? htons((uint16_t)x) : (uint16_t)x;
        memcpy(p, &u, sizeof u);
        break;
    }
    case SCTPC_M_U32: {
        uint32_t u;
        if (x < 0 || x > UINT32_MAX) return -ERANGE;
        u = (uint32_t)x;
        memcpy(p, &u, sizeof u);
        break;
    }
    case SCTPC_M_S32: {
        int32_t s;
        if (x < INT32_MIN || x > INT32_MAX) return -ERANGE;
        s = (int32_t)x;
        memcpy(p, &s, sizeof s);
        break;
    }
    case SCTPC_M_U64: {
        uint64_t u;
        if (x < 0) return -ERANGE;
        u = (uint64_t)x;
        memcpy(p, &u, sizeof u);
        break;
    }
    }
    return 0;
}

static size_t elem_size(int kind)
{
    return kind == SCTPC_M_LIST16 ? 2 : kind == SCTPC_M_LIST32 ? 4 : 1;
}

/* Store a list's length in its count member and size the value to match. */
static sctpc_status set_count(struct sctpc_optval *v, const struct sctpc_member *m, size_t n)
{
    size_t end = m->offset + n * elem_size(m->kind);
    if (m->count_kind == SCTPC_M_U16) {
        uint16_t c = (uint16_t)n;
        if (n > UINT16_MAX) return -E2BIG;
        memcpy(v->buf + m->count_offset, &c, sizeof c);
    } else {
        uint32_t c = (uint32_t)n;
        memcpy(v->buf + m->count_offset, &c, sizeof c);
    }
    v->len = end > v->desc->size ? (socklen_t)end : v->desc->size;
    return 0;
}

sctpc_status sctpc_optval_set_item(struct sctpc_optval *v, const char *name, size_t i, int64_t x)
{
    const struct sctpc_member *m = member(v, name);
    unsigned char *p;
    size_t w;
    if (!m)
        return -ENOENT;
    if (m->kind < SCTPC_M_LIST8 || m->kind > SCTPC_M_LIST32)
        return -EINVAL;
    w = elem_size(m->kind);
    if (i >= (sizeof v->buf - m->offset) / w)
        return -E2BIG;
    if (m->kind == SCTPC_M_LIST32 ? x < INT32_MIN || x > INT32_MAX
                                  : x < 0 || x > (m->kind == SCTPC_M_LIST8 ? UINT8_MAX : UINT16_MAX))
        return -ERANGE;
    p = v->buf + m->offset + i * w;
    if (w == 1) {
        *p = (uint8_t)x;
    } else if (w == 2) {
        uint16_t u16 = (uint16_t)x;
        memcpy(p, &u16, 2);
    } else {
        int32_t s32 = (int32_t)x;
        memcpy(p, &s32, 4);
    }
    return set_count(v, m, i + 1);
}

sctpc_status sctpc_optval_set_list(struct sctpc_optval *v, const char *name,
                                   const int64_t *x, size_t n)
{
    const struct sctpc_member *m = member(v, name);
    size_t i;
    int r;
    if (!m)
        return -ENOENT;
    if (m->kind < SCTPC_M_LIST8 || m->kind > SCTPC_M_LIST32)
        return -EINVAL;
    if (n > (sizeof v->buf - m->offset) / elem_size(m->kind))
        return -E2BIG;
    for (i = 0; i < n; i++)
        if ((r = sctpc_optval_set_item(v, name, i, x[i])) < 0)
            return r;
    return set_count(v, m, n);
}

sctpc_status sctpc_optval_set_bytes(struct sctpc_optval *v, const char *name,
                                    const void *bytes, size_t n)
{
    const struct sctpc_member *m = member(v, name);
    if (!m)
        return -ENOENT;
    if (m->kind != SCTPC_M_BYTES)
        return -EINVAL;
    if (n > sizeof v->buf - m->offset)
        return -E2BIG;
    memcpy(v->buf + m->offset, bytes, n);
    return set_count(v, m, n);
}

sctpc_status sctpc_optval_member_kind(const struct sctpc_optval *v, const char *name)
{
    const struct sctpc_member *m = member(v, name);
    return m ? m->kind : -ENOENT;
}

/* A list member's elements as a field: as many as the count says and v->len holds. */
static void list_field(const struct sctpc_optval *v, const struct sctpc_member *m,
                       struct sctpc_fields *o)
{
    static const int kinds[] = { SCTPC_U8LIST, SCTPC_U16LIST, SCTPC_S32LIST, SCTPC_BYTES };
    size_t w = elem_size(m->kind), n, room;
    if (m->count_kind == SCTPC_M_U16) {
        uint16_t c;
        memcpy(&c, v->buf + m->count_offset, sizeof c);
        n = c;
    } else {
        uint32_t c;
        memcpy(&c, v->buf + m->count_offset, sizeof c);
        n = c;
    }
    room = v->len > m->offset && v->len <= sizeof v->buf ? (v->len - m->offset) / w : 0;
    sctpc__field(o, m->name, kinds[m->kind - SCTPC_M_LIST8], 0, v->buf + m->offset,
                 n < room ? n : room);
}

sctpc_status sctpc_optval_set_addr(struct sctpc_optval *v, const char *name,
                                   const struct sockaddr_storage *addr)
{
    const struct sctpc_member *m = member(v, name);
    socklen_t len = sctpc_addrlen(addr->ss_family);
    if (!m)
        return -ENOENT;
    if (m->kind != SCTPC_M_ADDR)
        return -EINVAL;
    if (!len)
        return -EAFNOSUPPORT;
    memset(v->buf + m->offset, 0, sizeof(struct sockaddr_storage));
    memcpy(v->buf + m->offset, addr, len);
    return 0;
}

void sctpc_optval_fields(const struct sctpc_optval *v, struct sctpc_fields *o)
{
    int i;
    o->count = 0;
    for (i = 0; v->desc && i < v->desc->nmembers; i++) {
        const struct sctpc_member *m = &v->desc->members[i];
        const unsigned char *p = v->buf + m->offset;
        int64_t x = 0;
        uint16_t u16; uint32_t u32; int32_t s32; uint64_t u64;
        switch (m->kind) {
        case SCTPC_M_ADDR:
            sctpc__field(o, m->name, SCTPC_ADDR, 0, p, sizeof(struct sockaddr_storage));
            continue;
        case SCTPC_M_LIST8: case SCTPC_M_LIST16: case SCTPC_M_LIST32: case SCTPC_M_BYTES:
            list_field(v, m, o);
            continue;
        case SCTPC_M_U8: x = *p; break;
        case SCTPC_M_U16: memcpy(&u16, p, 2); x = u16; break;
        case SCTPC_M_BE16: memcpy(&u16, p, 2); x = ntohs(u16); break;
        case SCTPC_M_U32: memcpy(&u32, p, 4); x = u32; break;
        case SCTPC_M_S32: memcpy(&s32, p, 4); x = s32; break;
        case SCTPC_M_U64: memcpy(&u64, p, 8); x = (int64_t)u64; break;
        }
        SCTPC_INTF(o, m->name, x);
    }
}

sctpc_status sctpc_getopt(int fd, struct sctpc_optval *v)
{
    socklen_t len;
    if (!v->desc)
        return -ENOPROTOOPT;
    if (!(v->desc->dir & SCTPC_OPT_GET))
        return -EOPNOTSUPP;
    /* a list's length is only known after the call: offer the whole buffer */
    len = v->desc->members[v->desc->nmembers - 1].kind >= SCTPC_M_LIST8 ? sizeof v->buf
                                                                        : v->desc->size;
    if (getsockopt(fd, v->desc->level, v->desc->optname, v->buf, &len) < 0)
        return sctpc__err();
    v->len = len;
    return 0;
}

sctpc_status sctpc_setopt(int fd, const struct sctpc_optval *v)
{
    if (!v->desc)
        return -ENOPROTOOPT;
    if (!(v->desc->dir & SCTPC_OPT_SET))
        return -EOPNOTSUPP;
    return setsockopt(fd, v->desc->level, v->desc->optname, v->buf, v->len) < 0
        ? sctpc__err() : 0;
}

sctpc_status sctpc_getopt_int(int fd, int level, int optname)
{
    int x = 0;
    socklen_t len = sizeof x;
    if (getsockopt(fd, level, optname, &x, &len) < 0)
        return sctpc__err();
    return x < 0 ? -ERANGE : x;
}

sctpc_status sctpc_setopt_int(int fd, int level, int optname, int value)
{
    return setsockopt(fd, level, optname, &value, sizeof value) < 0 ? sctpc__err() : 0;
}

sctpc_status sctpc_subscribe(int fd, int type, int on, int32_t assoc_id)
{
    struct sctp_event ev;
    struct sctp_event_subscribe legacy;
    socklen_t len = sizeof legacy;
    int index = type - SCTP_DATA_IO_EVENT;

    if (index < 0 || index >= (int)sizeof legacy)
        return -EINVAL;
    memset(&ev, 0, sizeof ev);          /* its padding goes to the kernel too */
    ev.se_assoc_id = assoc_id;
    ev.se_type = (uint16_t)type;
    ev.se_on = (uint8_t)!!on;
    if (setsockopt(fd, IPPROTO_SCTP, SCTP_EVENT, &ev, sizeof ev) == 0)
        return 0;
    if (errno != ENOPROTOOPT || assoc_id != 0)
        return sctpc__err();
    /* Kernels before 5.0: read-modify-write the legacy struct, passing only the bytes up to
     * the field we change (a longer struct than the kernel's own is refused with EINVAL). */
    memset(&legacy, 0, sizeof legacy);
    if (getsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &legacy, &len) < 0)
        return sctpc__err();
    if ((socklen_t)index >= len)
        return -ENOPROTOOPT;
    ((uint8_t *)&legacy)[index] = (uint8_t)!!on;
    return setsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &legacy, (socklen_t)index + 1) < 0
        ? sctpc__err() : 0;
}

sctpc_status sctpc_subscribed(int fd, int type, int32_t assoc_id)
{
    struct sctp_event ev = { .se_assoc_id = assoc_id, .se_type = (uint16_t)type };
    socklen_t len = sizeof ev;
    struct sctp_event_subscribe legacy;
    int index = type - SCTP_DATA_IO_EVENT;
    if (index < 0 || index >= (int)sizeof legacy)
        return -EINVAL;
    if (getsockopt(fd, IPPROTO_SCTP, SCTP_EVENT, &ev, &len) == 0)
        return ev.se_on != 0;
    if (errno != ENOPROTOOPT || assoc_id != 0)
        return sctpc__err();
    len = sizeof legacy;
    memset(&legacy, 0, sizeof legacy);
    if (getsockopt(fd, IPPROTO_SCTP, SCTP_EVENTS, &legacy, &len) < 0)
        return sctpc__err();
    return (socklen_t)index < len && ((uint8_t *)&legacy)[index] != 0;
}
