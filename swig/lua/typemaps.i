/* Lua typemaps, with LuaSocket manners: OS errors return nil, message, errno ("timeout" for
 * the core's own timeouts); misuse raises "bad argument #n to 'method' (...)" in the words
 * of the user's call; integers are Lua 5.4 integers; payloads are Lua strings; addresses
 * are {host, port[, flowinfo, scope_id]} going in and {addr =, port =, family =} coming out.
 * A socket is a full userdata (metatable "sctp.socket") holding the core's handle, a batch
 * one holding a core batch ("sctp.batch"). */

%{
#include <limits.h>
#include <netdb.h>

/* Raise "bad argument #arg to 'name' (message)" for the method the user called: the Lua
 * function one level up (sctp.lua's method), at the user's line. */
static int sctp_lua_argerror(lua_State *L, int arg, const char *fmt, ...)
{
    lua_Debug ar;
    const char *name = "?";
    va_list ap;
    if ((lua_getstack(L, 1, &ar) && lua_getinfo(L, "n", &ar) && ar.name) ||
        (lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name))   /* a tail call */
        name = ar.name;
    luaL_where(L, 2);
    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    lua_pushfstring(L, "bad argument #%d to '%s' (%s)", arg, name, lua_tostring(L, -1));
    lua_remove(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
}

/* An integer at idx in [lo, hi], for user argument arg (what names it). */
static lua_Integer sctp_lua_int(lua_State *L, int idx, int arg, const char *what,
                                lua_Integer lo, lua_Integer hi)
{
    lua_Integer v;
    if (!lua_isinteger(L, idx))
        sctp_lua_argerror(L, arg, "%s must be an integer, got %s", what,
                          lua_type(L, idx) == LUA_TNUMBER ? "a float" : luaL_typename(L, idx));
    v = lua_tointeger(L, idx);
    if (v < lo || v > hi) sctp_lua_argerror(L, arg, "%s is out of range", what);
    return v;
}

struct sctp_lua_sock { struct sctpc_sock *h; };
/* The handle of the socket at idx; an open one unless any. */
static struct sctpc_sock *sctp_lua_sock(lua_State *L, int idx, int open)
{
    struct sctp_lua_sock *u = luaL_testudata(L, idx, "sctp.socket");
    if (!u) sctp_lua_argerror(L, 0, "sctp socket expected, got %s", luaL_typename(L, idx));
    if (open && sctpc_sock_fd(u->h) < 0) luaL_error(L, "attempt to use a closed sctp socket");
    return u->h;
}
static int sctp_lua_sock_gc(lua_State *L)
{
    struct sctp_lua_sock *u = luaL_checkudata(L, 1, "sctp.socket");
    if (u->h) sctpc_sock_close(u->h, 1), sctpc_sock_free(u->h), u->h = NULL;
    return 0;
}
static struct sctpc_batch *sctp_lua_batch(lua_State *L, int idx, int arg)
{
    struct sctpc_batch **b = luaL_testudata(L, idx, "sctp.batch");
    if (!b) sctp_lua_argerror(L, arg, "sctp.batch expected, got %s", luaL_typename(L, idx));
    return *b;
}
static int sctp_lua_batch_gc(lua_State *L)
{
    struct sctpc_batch **b = luaL_checkudata(L, 1, "sctp.batch");
    sctpc_batch_free(*b), *b = NULL;
    return 0;
}

/* {host, port[, flowinfo, scope_id]} at idx -> sockaddr; raises naming user argument arg. */
static void sctp_lua_addr_in(lua_State *L, int idx, int arg, struct sockaddr_storage *out)
{
    static const char *const part[] = { "port", "flowinfo", "scope_id" };
    lua_Integer v[3] = { 0, 0, 0 };
    const char *host, *bad;
    int i, r, gai = 0;
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE)
        sctp_lua_argerror(L, arg, "address {host, port} expected, got %s", luaL_typename(L, idx));
    if (lua_geti(L, idx, 1) != LUA_TSTRING)
        sctp_lua_argerror(L, arg, "an address's host must be a string");
    host = lua_tostring(L, -1);
    for (i = 0; i < 3; i++) {
        int t = lua_geti(L, idx, i + 2);
        if (t != LUA_TNIL || i == 0)
            v[i] = sctp_lua_int(L, -1, arg, part[i], LUA_MININTEGER, LUA_MAXINTEGER);
        lua_pop(L, 1);
    }
    if ((bad = sctpc_addr_check(v[0], v[1], v[2]))) sctp_lua_argerror(L, arg, "%s", bad);
    r = sctpc_addr_resolve(host, v[0], v[1], v[2], out, &gai);
    if (r < 0)
        sctp_lua_argerror(L, arg, "cannot resolve '%s': %s", host,
                          gai ? gai_strerror(gai) : strerror(-r));
    lua_pop(L, 1);
}

static void sctp_lua_addr_out(lua_State *L, const struct sockaddr_storage *a)
{
    char host[INET6_ADDRSTRLEN];
    int port = sctpc_addr_format(a, host, sizeof host);
    if (port < 0) {
        lua_pushnil(L);
        return;
    }
    lua_createtable(L, 0, 3);
    lua_pushstring(L, host); lua_setfield(L, -2, "addr");
    lua_pushinteger(L, port); lua_setfield(L, -2, "port");
    lua_pushstring(L, a->ss_family == AF_INET6 ? "inet6" : "inet"); lua_setfield(L, -2, "family");
}

/* A list of addresses at idx -> a block kept alive on the stack until the call ends. */
static struct sockaddr_storage *sctp_lua_addrs_in(lua_State *L, int idx, int arg, int *count)
{
    struct sockaddr_storage *out;
    lua_Integer n, k;
    if (lua_type(L, idx) != LUA_TTABLE)
        sctp_lua_argerror(L, arg, "list of addresses expected, got %s", luaL_typename(L, idx));
    n = (lua_Integer)lua_rawlen(L, idx);
    if (n < 1 || n > 65535) sctp_lua_argerror(L, arg, "between 1 and 65535 addresses are needed");
    out = lua_newuserdatauv(L, (size_t)n * sizeof *out, 0);
    for (k = 0; k < n; k++) {
        lua_rawgeti(L, idx, k + 1);
        sctp_lua_addr_in(L, -1, arg, &out[k]);
        lua_pop(L, 1);
    }
    *count = (int)n;
    return out;
}
/* n addresses (perhaps unaligned) as a list, or the one address unless list. */
static void sctp_lua_addr_list(lua_State *L, const void *p, size_t n, int list)
{
    struct sockaddr_storage a;
    size_t k;
    if (list)
        lua_createtable(L, (int)n, 0);
    for (k = 0; k < n; k++) {
        memcpy(&a, (const char *)p + k * sizeof a, sizeof a);
        sctp_lua_addr_out(L, &a);
        if (list)
            lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
}

/* Named fields -> table. */
static void sctp_lua_fields(lua_State *L, const struct sctpc_fields *f)
{
    int i;
    lua_createtable(L, 0, f->count);
    for (i = 0; i < f->count; i++) {
        const struct sctpc_field *x = &f->f[i];
        switch (x->kind) {
        case SCTPC_INT: lua_pushinteger(L, (lua_Integer)x->i); break;
        case SCTPC_BYTES: lua_pushlstring(L, x->ptr, x->len); break;
        case SCTPC_NAME: lua_pushstring(L, x->ptr); break;
        case SCTPC_ADDR: sctp_lua_addr_list(L, x->ptr, 1, 0); break;
        case SCTPC_ADDRS: sctp_lua_addr_list(L, x->ptr, x->len, 1); break;
        default: {
            size_t k;
            lua_createtable(L, (int)x->len, 0);
            for (k = 0; k < x->len; k++) {
                lua_pushinteger(L, (lua_Integer)sctpc_field_item(x, k));
                lua_rawseti(L, -2, (lua_Integer)k + 1);
            }
        }
        }
        lua_setfield(L, -2, x->name);
    }
}

/* One send option (the value on top of the stack) into info. */
static void sctp_lua_sendinfo_set(lua_State *L, const char *key, void *info, int sendv)
{
    int r, flag = lua_isboolean(L, -1);
    lua_Integer v = flag ? lua_toboolean(L, -1) : lua_tointeger(L, -1);
    if (sendv && lua_type(L, -1) == LUA_TSTRING)
        r = sctpc_sendv_info_set_name(info, key, lua_tostring(L, -1));
    else if (!flag && !lua_isinteger(L, -1))
        r = sctp_lua_argerror(L, 2, "'%s' must be an integer, got %s", key,
                              lua_type(L, -1) == LUA_TNUMBER ? "a float" : luaL_typename(L, -1));
    else
        r = sendv ? sctpc_sendv_info_set(info, key, v) : sctpc_sendinfo_set(info, key, v);
    if (r < 0) sctp_lua_argerror(L, 2, "'%s' %s", key, sctpc_field_error(r));
}

/* An opts table at idx -> send info through the core's field table.  Every key of the
 * table itself must be an option (a misspelt one raises); values behind an __index count
 * too.  `to` is the caller's, `init` (sendv) holds more of sendv's options. */
static void sctp_lua_sendinfo_in(lua_State *L, int idx, void *info, int sendv)
{
    const char *(*name_at)(int) = sendv ? sctpc_sendv_info_name_at : sctpc_sendinfo_name_at;
    const char *name;
    int i;
    if (lua_isnoneornil(L, idx)) return;
    if (lua_type(L, idx) != LUA_TTABLE)
        sctp_lua_argerror(L, 2, "table expected, got %s", luaL_typename(L, idx));
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        lua_pop(L, 1);
        if (key && (strcmp(key, "to") == 0 || (sendv && strcmp(key, "init") == 0))) continue;
        for (i = 0; key && (name = name_at(i)) && strcmp(name, key) != 0; i++)
            ;
        if (!key || !name)
            sctp_lua_argerror(L, 2, "unknown option '%s'", key ? key : luaL_tolstring(L, -1, NULL));
    }
    for (i = 0; (name = name_at(i)); i++) {
        if (lua_getfield(L, idx, name) != LUA_TNIL)
            sctp_lua_sendinfo_set(L, name, info, sendv);
        lua_pop(L, 1);
    }
    if (sendv && lua_getfield(L, idx, "init") == LUA_TTABLE)
        sctp_lua_sendinfo_in(L, -1, info, 1);
    else if (sendv && !lua_isnil(L, -1))
        sctp_lua_argerror(L, 2, "'init' must be a table");
    if (sendv) lua_pop(L, 1);
}

/* {name, field = value, ...} -> option value; raises on unknown names and bad values. */
static void sctp_lua_optval_in(lua_State *L, int idx, struct sctpc_optval *v)
{
    const char *name;
    if (lua_type(L, idx) != LUA_TTABLE)
        sctp_lua_argerror(L, 1, "option {name, field = value, ...} expected");
    lua_geti(L, idx, 1);
    name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (!name || sctpc_optval_init(v, name) < 0)
        sctp_lua_argerror(L, 1, "unknown socket option '%s'", name ? name : "?");
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *member = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        int kind = member ? sctpc_optval_member_kind(v, member) : 0, r = 0;
        if (!member) {
            lua_pop(L, 1);
            continue;      /* [1], the name */
        }
        if (kind == SCTPC_M_ADDR && lua_type(L, -1) == LUA_TTABLE) {
            struct sockaddr_storage a;
            sctp_lua_addr_in(L, -1, 2, &a);
            r = sctpc_optval_set_addr(v, member, &a);
        } else if (kind == SCTPC_M_BYTES && lua_type(L, -1) == LUA_TSTRING) {
            size_t n;
            const char *b = lua_tolstring(L, -1, &n);
            r = sctpc_optval_set_bytes(v, member, b, n);
        } else if (kind >= SCTPC_M_LIST8 && kind <= SCTPC_M_LIST32 && lua_type(L, -1) == LUA_TTABLE) {
            lua_Unsigned n = lua_rawlen(L, -1), k;
            r = sctpc_optval_set_list(v, member, NULL, 0);
            for (k = 0; r >= 0 && k < n; k++, lua_pop(L, 1)) {
                lua_rawgeti(L, -1, (lua_Integer)k + 1);
                r = sctpc_optval_set_item(v, member, k, sctp_lua_int(L, -1, 2, member, LUA_MININTEGER, LUA_MAXINTEGER));
            }
        } else if (kind >= 0 && kind != SCTPC_M_ADDR && kind < SCTPC_M_LIST8 && lua_isboolean(L, -1)) {
            r = sctpc_optval_set_int(v, member, lua_toboolean(L, -1));
        } else if (kind >= 0 && kind != SCTPC_M_ADDR && kind < SCTPC_M_LIST8) {
            r = sctpc_optval_set_int(v, member, sctp_lua_int(L, -1, 2, member, LUA_MININTEGER, LUA_MAXINTEGER));
        } else if (kind >= 0) {
            r = -EINVAL;
        } else {
            r = kind;
        }
        if (r < 0)
            sctp_lua_argerror(L, 2, "%s.%s %s", name, member,
                              sctpc_field_error(r) ? sctpc_field_error(r) : strerror(-r));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* A received message as recv gives it: data, then its info table; a notification (whole)
 * in info.notification, its bytes as the data. */
static int sctp_lua_received(lua_State *L, const char *buf, int n,
                             const struct sctpc_recvinfo *ri)
{
    int note = (ri->msg_flags & SCTPC_MSG_NOTIFICATION) != 0;
    lua_pushlstring(L, note ? (const char *)ri->note : buf, note ? ri->note_len : (size_t)n);
    lua_createtable(L, 0, 14);
    if (note) {
        struct sctpc_fields f;
        int r = sctpc_notification_fields(ri->note, ri->note_len, &f);
        if (r < 0) return luaL_error(L, "malformed notification (%s)", strerror(-r));
        sctp_lua_fields(L, &f);
        lua_setfield(L, -2, "notification");
    } else {
        struct sctpc_fields f;
        int i;
        sctpc_recvinfo_fields(ri, &f);
        for (i = 0; i < f.count; i++) {
            lua_pushinteger(L, (lua_Integer)f.f[i].i);
            lua_setfield(L, -2, f.f[i].name);
        }
    }
    sctp_lua_addr_out(L, &ri->from);
    lua_setfield(L, -2, "from");
    lua_pushinteger(L, ri->msg_flags); lua_setfield(L, -2, "msg_flags");
    lua_pushboolean(L, (ri->msg_flags & MSG_EOR) != 0); lua_setfield(L, -2, "eor");
    return 2;
}
/* recv_many's and batch:message's form: the info table with the payload as `data`. */
static void sctp_lua_message(lua_State *L, const char *buf, int n, const struct sctpc_recvinfo *ri)
{
    sctp_lua_received(L, buf, n, ri);
    lua_insert(L, -2);
    lua_setfield(L, -2, "data");
}
static void sctp_lua_iov_in(lua_State *L, int idx, struct iovec **iov, int max, int *n)
{
    lua_Integer len, k;
    if (lua_type(L, idx) != LUA_TTABLE)
        sctp_lua_argerror(L, 1, "table of strings expected, got %s", luaL_typename(L, idx));
    len = (lua_Integer)lua_rawlen(L, idx);
    if (len < 1 || len > max) sctp_lua_argerror(L, 1, "between 1 and %d strings are needed", max);
    *iov = lua_newuserdatauv(L, (size_t)len * sizeof **iov, 0);
    for (k = 0; k < len; k++) {
        size_t l;
        lua_rawgeti(L, idx, k + 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            sctp_lua_argerror(L, 1, "element %d is a %s, not a string", (int)k + 1, luaL_typename(L, -1));
        (*iov)[k].iov_base = (void *)lua_tolstring(L, -1, &l);   /* the table keeps it alive */
        (*iov)[k].iov_len = l;
        lua_pop(L, 1);
    }
    *n = (int)len;
}
%}

%init %{
    luaL_newmetatable(L, "sctp.socket");          /* sctp.lua adds the methods */
    lua_pushcfunction(L, sctp_lua_sock_gc), lua_setfield(L, -2, "__gc"), lua_pop(L, 1);
    luaL_newmetatable(L, "sctp.batch");
    lua_pushcfunction(L, sctp_lua_batch_gc), lua_setfield(L, -2, "__gc"), lua_pop(L, 1);
%}

/* Nothing to release in Lua: waits just happen. */
%define SCTP_WAITS(FUNC)
%enddef
%define SCTP_TRIES(FUNC, FLAGS)
%enddef

/* ---- integers and statuses */
%typemap(in) int, int32_t "$1 = ($1_ltype)sctp_lua_int(L, $input, $argnum - 1, \"$1_name\", INT_MIN, INT_MAX);"
%typemap(in) unsigned int "$1 = ($1_ltype)sctp_lua_int(L, $input, $argnum - 1, \"$1_name\", 0, UINT_MAX);"
%typemap(out) sctpc_status {
    if ($1 < 0) {           /* nil, message, errno */
        lua_pushnil(L); lua_pushstring(L, $1 == -SCTPC_ETIMEOUT ? "timeout" : strerror(-$1)); lua_pushinteger(L, -$1);
        return SWIG_arg + 3;
    }
    lua_pushinteger(L, $1); SWIG_arg++;
}
%typemap(out) int64_t, int, size_t, socklen_t "lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++;"
%typemap(in) int64_t timeout_ms {
    if (!lua_isnoneornil(L, $input) && lua_type(L, $input) != LUA_TNUMBER)
        sctp_lua_argerror(L, 1, "number expected, got %s", luaL_typename(L, $input));
    $1 = sctpc_timeout_ms(lua_isnoneornil(L, $input) ? -1.0 : lua_tonumber(L, $input));
}

/* ---- the socket and batches */
%typemap(in) struct sctpc_sock * "$1 = sctp_lua_sock(L, $input, 1);";
%typemap(in) const struct sctpc_sock * "$1 = sctp_lua_sock(L, $input, 0);";
%typemap(out) struct sctpc_sock * {
    struct sctp_lua_sock *u;
    if (!$1) return luaL_error(L, "out of memory");
    u = lua_newuserdatauv(L, sizeof *u, 0);
    u->h = $1;
    luaL_setmetatable(L, "sctp.socket");
    SWIG_arg++;
}
%typemap(in) struct sctpc_batch *, const struct sctpc_batch * "$1 = sctp_lua_batch(L, $input, 1);";
%typemap(in, numinputs=0) int *err (int tmp) "$1 = &tmp;";
%typemap(out) struct sctpc_batch * "";
%typemap(argout) int *err {
    struct sctpc_batch **u;
    if (!result)
        sctp_lua_argerror(L, 1, "a batch holds 1-64 messages of at least 1 byte, at most 64 MiB in all");
    u = lua_newuserdatauv(L, sizeof *u, 0);
    *u = result;
    luaL_setmetatable(L, "sctp.batch");
    SWIG_arg++;
}

/* ---- addresses */
%typemap(in) const struct sockaddr_storage *addr (struct sockaddr_storage tmp) {
    sctp_lua_addr_in(L, $input, 1, &tmp);
    $1 = &tmp;
}
%typemap(in) const struct sockaddr_storage *to (struct sockaddr_storage tmp) {
    $1 = NULL;
    if (!lua_isnil(L, $input)) { sctp_lua_addr_in(L, $input, 2, &tmp); $1 = &tmp; }
}
%typemap(in) (const struct sockaddr_storage *addrs, int count) {
    if (lua_isnil(L, $input)) { $1 = NULL; $2 = 0; }
    else $1 = sctp_lua_addrs_in(L, $input, 1, &$2);
}
%typemap(in, numinputs=0) struct sockaddr_storage *addr (struct sockaddr_storage tmp),
                          struct sockaddr_storage *peer (struct sockaddr_storage tmp) "$1 = &tmp;";
%typemap(argout) struct sockaddr_storage *addr "lua_pop(L, 1); sctp_lua_addr_out(L, $1);";
%typemap(argout) struct sockaddr_storage *peer "sctp_lua_addr_out(L, $1); SWIG_arg++;";
%typemap(in, numinputs=0) struct sockaddr_storage **out (struct sockaddr_storage *tmp = NULL) "$1 = &tmp;";
%typemap(argout) struct sockaddr_storage **out "lua_pop(L, 1); sctp_lua_addr_list(L, *$1, (size_t)result, 1);";
%typemap(freearg) struct sockaddr_storage **out "if ($1) free(*$1);";

/* ---- messages */
%define SCTP_LUA_SENDINFO(TYPE, SENDV)
%typemap(in) const TYPE *info (TYPE tmp) "memset(&tmp, 0, sizeof tmp); sctp_lua_sendinfo_in(L, $input, &tmp, SENDV); $1 = &tmp;";
%enddef
SCTP_LUA_SENDINFO(struct sctpc_sendinfo, 0)
SCTP_LUA_SENDINFO(struct sctpc_sendv_info, 1)
%typemap(in) (const void *buf, size_t len) {
    if (lua_type(L, $input) != LUA_TSTRING)
        sctp_lua_argerror(L, 1, "string expected, got %s", luaL_typename(L, $input));
    $1 = (void *)lua_tolstring(L, $input, &$2);
}
%typemap(in) (const struct iovec *iov, int iovcnt) "sctp_lua_iov_in(L, $input, (struct iovec **)&$1, SCTPC_MAX_IOV, &$2);";
%typemap(in) (const struct iovec *msgs, int count) "sctp_lua_iov_in(L, $input, (struct iovec **)&$1, SCTPC_MAX_BATCH, &$2);";

/* recv(sock, flags, size) -> data, info */
%typemap(in) (void *buf, size_t len, struct sctpc_recvinfo *info) (struct sctpc_recvinfo ri, int scratch = 0) {
    ri.note_heap = NULL;
    $3 = &ri;
    $2 = (size_t)sctp_lua_int(L, $input, 1, "size", 1, INT_MAX);
    /* the handle's buffer (the string made of it is a copy), or a userdata if it is taken */
    if (!(scratch = ($1 = sctpc_sock_scratch(arg1, $2)) != NULL)) $1 = lua_newuserdatauv(L, $2, 0);
}
%typemap(argout) (void *buf, size_t len, struct sctpc_recvinfo *info) {
    lua_pop(L, 1);                        /* the byte count */
    SWIG_arg--;
    SWIG_arg += sctp_lua_received(L, $1, result, $3);
}
%typemap(freearg) (void *buf, size_t len, struct sctpc_recvinfo *info) {
    if ($3) sctpc_recvinfo_clear($3);
    if (scratch$argnum) sctpc_sock_scratch_done(arg1, $1, 0);
}

/* batch_take(sock, batch) -> data, info; nothing at the end of the stream */
%typemap(in, numinputs=0) int *i (int slot) "$1 = &slot;";
%typemap(argout) int *i {
    lua_pop(L, 1);
    SWIG_arg--;
    if (result == 1) {
        const struct sctpc_recvinfo *ri;
        int n;
        const char *p = sctpc_batch_at(arg2, *$1, &n, &ri);
        SWIG_arg += sctp_lua_received(L, p, n, ri);
        sctpc_batch_done(arg2);
    }
}
/* batch_at(batch, i) -> recv_many's table of message i (0-based), or nil */
%typemap(in, numinputs=0) (int *len, const struct sctpc_recvinfo **info) (int n, const struct sctpc_recvinfo *ri) {
    $1 = &n; $2 = ($2_ltype)&ri;
}
%typemap(out) const char *sctpc_batch_at "";
%typemap(argout) (int *len, const struct sctpc_recvinfo **info) {
    if (result) sctp_lua_message(L, result, *$1, *$2);
    else lua_pushnil(L);
    SWIG_arg++;
}

/* decode_notification(string) -> table */
%typemap(in) (const void *buf, size_t len, struct sctpc_fields *out) (struct sctpc_fields f) {
    if (lua_type(L, $input) != LUA_TSTRING)
        sctp_lua_argerror(L, 1, "string expected, got %s", luaL_typename(L, $input));
    $1 = (void *)lua_tolstring(L, $input, &$2);
    $3 = &f;
}
%typemap(argout) (const void *buf, size_t len, struct sctpc_fields *out) {
    lua_pop(L, 1);
    sctp_lua_fields(L, $3);
}

/* assocs() -> {table per association}, "netlink" | "proc" */
%typemap(in, numinputs=0) (struct sctpc_assoc_list **out, const char **source)
    (struct sctpc_assoc_list *l = NULL, const char *src = NULL) "$1 = &l; $2 = ($2_ltype)&src;";
%typemap(argout) (struct sctpc_assoc_list **out, const char **source) {
    struct sctpc_fields f;
    int k;
    lua_pop(L, 1);
    lua_newtable(L);
    for (k = 0; sctpc_assocs_fields(*$1, k, &f) == 0; k++) {
        sctp_lua_fields(L, &f);
        lua_rawseti(L, -2, k + 1);
    }
    lua_pushstring(L, *$2);
    SWIG_arg++;
}
%typemap(freearg) (struct sctpc_assoc_list **out, const char **source) "sctpc_assocs_free(*$1);";

/* ---- options */
%typemap(in) struct sctpc_optval *v (struct sctpc_optval tmp),
             const struct sctpc_optval *v (struct sctpc_optval tmp) {
    sctp_lua_optval_in(L, $input, &tmp);
    $1 = &tmp;
}
%typemap(argout) struct sctpc_optval *v {
    struct sctpc_fields f;
    lua_pop(L, 1);
    sctpc_optval_fields($1, &f);
    sctp_lua_fields(L, &f);
}
%typemap(argout) const struct sctpc_optval *v "lua_pop(L, 1); lua_pushboolean(L, 1);";

/* ---- tables */
%typemap(out) const struct sctpc_constant *, const struct sctpc_event * {
    if (!$1) return 0;
    lua_pushstring(L, $1->name); lua_pushinteger(L, (lua_Integer)$1->value); SWIG_arg += 2;
}
%typemap(out) const struct sctpc_optdesc * {
    if (!$1) return 0;
    lua_pushstring(L, $1->name);
    lua_pushboolean(L, ($1->dir & SCTPC_OPT_GET) != 0); lua_pushboolean(L, ($1->dir & SCTPC_OPT_SET) != 0);
    SWIG_arg += 3;
}
