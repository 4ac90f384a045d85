/* Decoding the notification union into named fields, once, for every binding.
 * Input comes from the kernel (or a fuzzer): every read is checked against len. */
#include "internal.h"

#include <arpa/inet.h>
#include <string.h>

struct name_entry { int value; const char *name; };

#define N(x) { SCTP_##x, #x }
static const struct name_entry type_names[] = {
    N(ASSOC_CHANGE), N(PEER_ADDR_CHANGE), N(SEND_FAILED), N(REMOTE_ERROR), N(SHUTDOWN_EVENT),
    N(PARTIAL_DELIVERY_EVENT), N(ADAPTATION_INDICATION), N(AUTHENTICATION_EVENT),
    N(SENDER_DRY_EVENT), N(STREAM_RESET_EVENT), N(ASSOC_RESET_EVENT), N(STREAM_CHANGE_EVENT),
    N(SEND_FAILED_EVENT), N(DATA_IO_EVENT), { 0, NULL } };
static const struct name_entry assoc_states[] = {
    N(COMM_UP), N(COMM_LOST), N(RESTART), N(SHUTDOWN_COMP), N(CANT_STR_ASSOC), { 0, NULL } };
static const struct name_entry addr_states[] = {
    N(ADDR_AVAILABLE), N(ADDR_UNREACHABLE), N(ADDR_REMOVED), N(ADDR_ADDED), N(ADDR_MADE_PRIM),
    N(ADDR_CONFIRMED), { 6, "ADDR_POTENTIALLY_FAILED" }, { 0, NULL } };
static const struct name_entry path_states[] = {
    N(INACTIVE), N(PF), N(ACTIVE), N(UNCONFIRMED), N(UNKNOWN), { 0, NULL } };
static const struct name_entry assoc_sstates[] = {
    N(EMPTY), N(CLOSED), N(COOKIE_WAIT), N(COOKIE_ECHOED), N(ESTABLISHED), N(SHUTDOWN_PENDING),
    N(SHUTDOWN_SENT), N(SHUTDOWN_RECEIVED), N(SHUTDOWN_ACK_SENT), { 0, NULL } };
static const struct name_entry auth_indications[] = {
    N(AUTH_NEW_KEY), N(AUTH_FREE_KEY), N(AUTH_NO_AUTH), { 0, NULL } };
#undef N

static const struct { const char *table; const struct name_entry *entries; } tables[] = {
    { "type", type_names }, { "assoc_state", assoc_states }, { "addr_state", addr_states },
    { "path_state", path_states }, { "sstat_state", assoc_sstates },
    { "auth_indication", auth_indications },
};

int64_t sctpc_field_item(const struct sctpc_field *f, size_t k)
{
    const unsigned char *e = f->ptr;
    uint16_t u16;
    int32_t s32;
    if (f->kind == SCTPC_U8LIST)
        return e[k];
    if (f->kind == SCTPC_U16LIST) {
        memcpy(&u16, e + 2 * k, 2);
        return u16;
    }
    memcpy(&s32, e + 4 * k, 4);
    return s32;
}

const char *sctpc_name_of(const char *table, int value)
{
    size_t t;
    for (t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        const struct name_entry *e;
        if (strcmp(tables[t].table, table) != 0)
            continue;
        for (e = tables[t].entries; e->name; e++)
            if (e->value == value)
                return e->name;
    }
    return NULL;
}

static void name_field(struct sctpc_fields *o, const char *field, const char *table, int v)
{
    const char *n = sctpc_name_of(table, v);
    if (n)
        sctpc__field(o, field, SCTPC_NAME, v, n, strlen(n));
}

/* The variable part after a fixed struct: [fixed, min(len, sn_length)). */
static void tail_field(struct sctpc_fields *o, const char *field, const unsigned char *p,
                       size_t fixed, size_t len, uint32_t sn_length)
{
    size_t end = sn_length < len ? sn_length : len;
    sctpc__field(o, field, SCTPC_BYTES, 0, p + fixed, end > fixed ? end - fixed : 0);
}

sctpc_status sctpc_notification_fields(const void *buf, size_t len, struct sctpc_fields *o)
{
    const unsigned char *p = buf;
    union sctp_notification n;      /* aligned copy of the fixed part */
    const __typeof__(n.sn_header) *h = &n.sn_header;
    size_t fixed;

    o->count = 0;
    if (len < sizeof n.sn_header)
        return -EINVAL;
    memcpy(&n, p, len < sizeof n ? len : sizeof n);

    switch (h->sn_type) {
    case SCTP_ASSOC_CHANGE: fixed = sizeof n.sn_assoc_change; break;
    case SCTP_PEER_ADDR_CHANGE: fixed = sizeof n.sn_paddr_change; break;
    case SCTP_SEND_FAILED: fixed = sizeof n.sn_send_failed; break;
    case SCTP_REMOTE_ERROR: fixed = sizeof n.sn_remote_error; break;
    case SCTP_SHUTDOWN_EVENT: fixed = sizeof n.sn_shutdown_event; break;
    case SCTP_PARTIAL_DELIVERY_EVENT: fixed = sizeof n.sn_pdapi_event; break;
    case SCTP_ADAPTATION_INDICATION: fixed = sizeof n.sn_adaptation_event; break;
    case SCTP_AUTHENTICATION_EVENT: fixed = sizeof n.sn_authkey_event; break;
    case SCTP_SENDER_DRY_EVENT: fixed = sizeof n.sn_sender_dry_event; break;
    case SCTP_STREAM_RESET_EVENT: fixed = sizeof n.sn_strreset_event; break;
    case SCTP_ASSOC_RESET_EVENT: fixed = sizeof n.sn_assocreset_event; break;
    case SCTP_STREAM_CHANGE_EVENT: fixed = sizeof n.sn_strchange_event; break;
    case SCTP_SEND_FAILED_EVENT: fixed = sizeof n.sn_send_failed_event; break;
    default: fixed = sizeof n.sn_header; break;
    }
    if (len < fixed)
        return -EINVAL;

    SCTPC_INTF(o, "type", h->sn_type);
    name_field(o, "type_name", "type", h->sn_type);
    SCTPC_INTF(o, "flags", h->sn_flags);
    SCTPC_INTF(o, "length", h->sn_length);

    switch (h->sn_type) {
    case SCTP_ASSOC_CHANGE: {
        const struct sctp_assoc_change *e = &n.sn_assoc_change;
        SCTPC_INTF(o, "state", e->sac_state);
        name_field(o, "state_name", "assoc_state", e->sac_state);
        SCTPC_INTF(o, "error", e->sac_error);
        SCTPC_INTF(o, "outbound_streams", e->sac_outbound_streams);
        SCTPC_INTF(o, "inbound_streams", e->sac_inbound_streams);
        SCTPC_INTF(o, "assoc_id", e->sac_assoc_id);
        tail_field(o, "info", p, fixed, len, h->sn_length);
        break;
    }
    case SCTP_PEER_ADDR_CHANGE: {
        const struct sctp_paddr_change *e = &n.sn_paddr_change;
        /* the address is read in place (buf outlives the fields); its family is checked by
         * the bindings when they format it */
        sctpc__field(o, "addr", SCTPC_ADDR, 0, p + offsetof(struct sctp_paddr_change, spc_aaddr),
                     sizeof(struct sockaddr_storage));
        SCTPC_INTF(o, "state", e->spc_state);
        name_field(o, "state_name", "addr_state", e->spc_state);
        SCTPC_INTF(o, "error", e->spc_error);
        SCTPC_INTF(o, "assoc_id", e->spc_assoc_id);
        break;
    }
    case SCTP_SEND_FAILED: {
        const struct sctp_send_failed *e = &n.sn_send_failed;
        SCTPC_INTF(o, "error", e->ssf_error);
        SCTPC_INTF(o, "assoc_id", e->ssf_assoc_id);
        SCTPC_INTF(o, "info_stream", e->ssf_info.sinfo_stream);
        SCTPC_INTF(o, "info_ssn", e->ssf_info.sinfo_ssn);
        SCTPC_INTF(o, "info_flags", e->ssf_info.sinfo_flags);
        SCTPC_INTF(o, "info_ppid", ntohl(e->ssf_info.sinfo_ppid));
        SCTPC_INTF(o, "info_context", e->ssf_info.sinfo_context);
        SCTPC_INTF(o, "info_timetolive", e->ssf_info.sinfo_timetolive);
        SCTPC_INTF(o, "info_tsn", e->ssf_info.sinfo_tsn);
        SCTPC_INTF(o, "info_cumtsn", e->ssf_info.sinfo_cumtsn);
        SCTPC_INTF(o, "info_assoc_id", e->ssf_info.sinfo_assoc_id);
        tail_field(o, "data", p, fixed, len, h->sn_length);
        break;
    }
    case SCTP_REMOTE_ERROR: {
        const struct sctp_remote_error *e = &n.sn_remote_error;
        SCTPC_INTF(o, "error", ntohs(e->sre_error));   /* cause code, big-endian on the wire */
        SCTPC_INTF(o, "assoc_id", e->sre_assoc_id);
        tail_field(o, "data", p, fixed, len, h->sn_length);
        break;
    }
    case SCTP_SHUTDOWN_EVENT:
        SCTPC_INTF(o, "assoc_id", n.sn_shutdown_event.sse_assoc_id);
        break;
    case SCTP_PARTIAL_DELIVERY_EVENT: {
        const struct sctp_pdapi_event *e = &n.sn_pdapi_event;
        SCTPC_INTF(o, "indication", e->pdapi_indication);
        SCTPC_INTF(o, "assoc_id", e->pdapi_assoc_id);
        SCTPC_INTF(o, "stream", e->pdapi_stream);
        SCTPC_INTF(o, "seq", e->pdapi_seq);
        break;
    }
    case SCTP_ADAPTATION_INDICATION:
        SCTPC_INTF(o, "adaptation_ind", n.sn_adaptation_event.sai_adaptation_ind);
        SCTPC_INTF(o, "assoc_id", n.sn_adaptation_event.sai_assoc_id);
        break;
    case SCTP_AUTHENTICATION_EVENT: {
        const struct sctp_authkey_event *e = &n.sn_authkey_event;
        SCTPC_INTF(o, "keynumber", e->auth_keynumber);
        SCTPC_INTF(o, "altkeynumber", e->auth_altkeynumber);
        SCTPC_INTF(o, "indication", e->auth_indication);
        name_field(o, "indication_name", "auth_indication", (int)e->auth_indication);
        SCTPC_INTF(o, "assoc_id", e->auth_assoc_id);
        break;
    }
    case SCTP_SENDER_DRY_EVENT:
        SCTPC_INTF(o, "assoc_id", n.sn_sender_dry_event.sender_dry_assoc_id);
        break;
    case SCTP_STREAM_RESET_EVENT: {
        size_t end = h->sn_length < len ? h->sn_length : len;
        SCTPC_INTF(o, "assoc_id", n.sn_strreset_event.strreset_assoc_id);
        sctpc__field(o, "streams", SCTPC_U16LIST, 0, p + fixed,
                     end > fixed ? (end - fixed) / sizeof(uint16_t) : 0);
        break;
    }
    case SCTP_ASSOC_RESET_EVENT:
        SCTPC_INTF(o, "assoc_id", n.sn_assocreset_event.assocreset_assoc_id);
        SCTPC_INTF(o, "local_tsn", n.sn_assocreset_event.assocreset_local_tsn);
        SCTPC_INTF(o, "remote_tsn", n.sn_assocreset_event.assocreset_remote_tsn);
        break;
    case SCTP_STREAM_CHANGE_EVENT:
        SCTPC_INTF(o, "assoc_id", n.sn_strchange_event.strchange_assoc_id);
        SCTPC_INTF(o, "instrms", n.sn_strchange_event.strchange_instrms);
        SCTPC_INTF(o, "outstrms", n.sn_strchange_event.strchange_outstrms);
        break;
    case SCTP_SEND_FAILED_EVENT: {
        const struct sctp_send_failed_event *e = &n.sn_send_failed_event;
        SCTPC_INTF(o, "error", e->ssf_error);
        SCTPC_INTF(o, "assoc_id", e->ssf_assoc_id);
        SCTPC_INTF(o, "info_sid", e->ssfe_info.snd_sid);
        SCTPC_INTF(o, "info_flags", e->ssfe_info.snd_flags);
        SCTPC_INTF(o, "info_ppid", ntohl(e->ssfe_info.snd_ppid));
        SCTPC_INTF(o, "info_context", e->ssfe_info.snd_context);
        SCTPC_INTF(o, "info_assoc_id", e->ssfe_info.snd_assoc_id);
        tail_field(o, "data", p, fixed, len, h->sn_length);
        break;
    }
    default:
        break;      /* unknown type: the header fields only */
    }
    return 0;
}
