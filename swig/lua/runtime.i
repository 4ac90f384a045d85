/* Lua typemaps, with LuaSocket manners: OS errors return nil, message, errno ("timeout" for
 * the core's own timeouts); misuse raises an argument error; integers are Lua 5.4 integers
 * (SWIG's defaults would push floats); payloads are Lua strings; addresses are tables
 * {addr = "127.0.0.1", port = 5000, family = "inet"} (or {"127.0.0.1", 5000} on input). */

%{
#include <netdb.h>
#include <arpa/inet.h>
#include <netinet/sctp.h>     /* SCTP_UNORDERED */

static lua_Integer sctp_lua_int(lua_State *L, int idx, lua_Integer lo, lua_Integer hi)
{
    lua_Integer v;
    if (!lua_isinteger(L, idx)) {
        if (lua_type(L, idx) == LUA_TNUMBER)
            luaL_argerror(L, idx, "number has no integer representation");
        else
            luaL_typeerror(L, idx, "integer");
    }
    v = lua_tointeger(L, idx);
    if (v < lo || v > hi)
        luaL_argerror(L, idx, lua_pushfstring(L, "%I is out of range [%I, %I]", v, lo, hi));
    return v;
}

/* Push nil, message, errno and tell how many values that was. */
static int sctp_lua_fail(lua_State *L, int err)
{
    lua_pushnil(L);
    lua_pushstring(L, err == SCTPC_ETIMEOUT ? "timeout" : strerror(err));
    lua_pushinteger(L, err);
    return 3;
}

/* The value at idx (a table {host, port} or {addr=, port=}) -> sockaddr; raises on misuse. */
static void sctp_lua_addr_in(lua_State *L, int idx, struct sockaddr_storage *out)
{
    const char *host;
    lua_Integer port;
    int r;
    idx = lua_absindex(L, idx);
    luaL_checktype(L, idx, LUA_TTABLE);
    if (lua_getfield(L, idx, "addr") == LUA_TNIL) { lua_pop(L, 1); lua_geti(L, idx, 1); }
    if (lua_getfield(L, idx, "port") == LUA_TNIL) { lua_pop(L, 1); lua_geti(L, idx, 2); }
    if (lua_type(L, -2) != LUA_TSTRING || !lua_isinteger(L, -1))
        luaL_argerror(L, idx, "an address is {host (string), port (integer)}");
    host = lua_tostring(L, -2);
    port = lua_tointeger(L, -1);
    if (port < 0 || port > 65535)
        luaL_argerror(L, idx, "port must be 0-65535");
    r = sctpc_addr_parse(host, (int)port, 0, 0, out);
    if (r == -EINVAL) {     /* not numeric: resolve, preferring IPv4 */
        struct addrinfo hints, *res = NULL;
        int g;
        memset(&hints, 0, sizeof hints);
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_family = AF_INET;
        g = getaddrinfo(host, NULL, &hints, &res);
        if (g != 0) {
            hints.ai_family = AF_INET6;
            g = getaddrinfo(host, NULL, &hints, &res);
        }
        if (g != 0)
            luaL_argerror(L, idx, lua_pushfstring(L, "cannot resolve '%s': %s", host, gai_strerror(g)));
        memset(out, 0, sizeof *out);
        memcpy(out, res->ai_addr, res->ai_addrlen);
        ((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
        freeaddrinfo(res);
    }
    lua_pop(L, 2);
}

/* An address as three values: host, port, family ("inet" / "inet6"); three nils when it is
 * none of them.  Returns whether it was an address. */
static int sctp_lua_addr_values(lua_State *L, const struct sockaddr_storage *a)
{
    char host[INET6_ADDRSTRLEN];
    int port = sctpc_addr_format(a, host, sizeof host);
    if (port < 0) {
        lua_pushnil(L); lua_pushnil(L); lua_pushnil(L);
        return 0;
    }
    lua_pushstring(L, host);
    lua_pushinteger(L, port);
    lua_pushstring(L, a->ss_family == AF_INET6 ? "inet6" : "inet");
    return 1;
}

/* The same, for a run of messages mostly from one peer: *last is the address handed out
 * before, host_idx and fam_idx (absolute stack indices or upvalues) hold its host and family
 * strings, handed out again instead of formatting and interning them anew.  The reader keeps
 * them in its closure (Lua states in other threads have their own), recv_many on its stack. */
static int sctp_lua_addr_values_cached(lua_State *L, const struct sockaddr_storage *a,
                                       struct sockaddr_storage *last, int host_idx, int fam_idx)
{
    socklen_t len = sctpc_addrlen(a->ss_family);
    if (len && memcmp(last, a, len) == 0) {
        lua_pushvalue(L, host_idx);
        lua_pushinteger(L, ntohs(((const struct sockaddr_in *)a)->sin_port));
        lua_pushvalue(L, fam_idx);
        return 1;
    }
    if (!sctp_lua_addr_values(L, a))
        return 0;
    if (len) {
        memcpy(last, a, len);
        lua_pushvalue(L, -3);
        lua_replace(L, host_idx);
        lua_pushvalue(L, -1);
        lua_replace(L, fam_idx);
    }
    return 1;
}

/* An address as {addr =, port =, family =}, or nil. */
static void sctp_lua_addr_out(lua_State *L, const struct sockaddr_storage *a)
{
    lua_createtable(L, 0, 3);
    if (!sctp_lua_addr_values(L, a)) {
        lua_pop(L, 4);
        lua_pushnil(L);
        return;
    }
    lua_setfield(L, -4, "family");
    lua_setfield(L, -3, "port");
    lua_setfield(L, -2, "addr");
}

/* A receive buffer of at least n bytes, kept in the registry and reused by every call of
 * this Lua state (no per-call allocation, nothing to free on error). */
static void *sctp_lua_scratch(lua_State *L, size_t n)
{
    void *p;
    if (lua_getfield(L, LUA_REGISTRYINDEX, "sctp.scratch") == LUA_TUSERDATA &&
        lua_rawlen(L, -1) >= n) {
        p = lua_touserdata(L, -1);
        lua_pop(L, 1);
        return p;
    }
    lua_pop(L, 1);
    p = lua_newuserdatauv(L, n < 65536 ? 65536 : n, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, "sctp.scratch");
    return p;
}

/* Named fields -> table (with room for `extra` more fields). */
static void sctp_lua_fields_extra(lua_State *L, const struct sctpc_fields *f, int extra)
{
    int i;
    lua_createtable(L, 0, f->count + extra);
    for (i = 0; i < f->count; i++) {
        const struct sctpc_field *x = &f->f[i];
        switch (x->kind) {
        case SCTPC_INT: lua_pushinteger(L, (lua_Integer)x->i); break;
        case SCTPC_BYTES: lua_pushlstring(L, x->ptr, x->len); break;
        case SCTPC_NAME: lua_pushstring(L, x->ptr); break;
        case SCTPC_ADDR: {
            struct sockaddr_storage a;
            memcpy(&a, x->ptr, sizeof a);
            sctp_lua_addr_out(L, &a);
            break;
        }
        case SCTPC_U8LIST: case SCTPC_U16LIST: case SCTPC_S32LIST: {
            size_t k;
            lua_createtable(L, (int)x->len, 0);
            for (k = 0; k < x->len; k++) {
                lua_pushinteger(L, (lua_Integer)sctpc_field_item(x, k));
                lua_rawseti(L, -2, (lua_Integer)k + 1);
            }
            break;
        }
        default: lua_pushnil(L); break;
        }
        lua_setfield(L, -2, x->name);
    }
}
#define sctp_lua_fields(L, f) sctp_lua_fields_extra((L), (f), 0)

/* {name, field = value, ...} -> option value; raises on unknown names and bad values. */
static void sctp_lua_optval_in(lua_State *L, int idx, struct sctpc_optval *v)
{
    const char *name;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_geti(L, idx, 1);
    name = lua_tostring(L, -1);
    if (!name || sctpc_optval_init(v, name) < 0)
        luaL_argerror(L, idx, lua_pushfstring(L, "unknown socket option '%s'", name ? name : "?"));
    lua_pop(L, 1);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        int r = 0;
        if (lua_type(L, -2) == LUA_TSTRING) {
            const char *member = lua_tostring(L, -2);
            int kind = sctpc_optval_member_kind(v, member);
            if (kind == SCTPC_M_ADDR && lua_type(L, -1) == LUA_TTABLE) {
                struct sockaddr_storage a;
                sctp_lua_addr_in(L, -1, &a);
                r = sctpc_optval_set_addr(v, member, &a);
            } else if (kind == SCTPC_M_BYTES && lua_type(L, -1) == LUA_TSTRING) {
                size_t n;
                const char *b = lua_tolstring(L, -1, &n);
                r = sctpc_optval_set_bytes(v, member, b, n);
            } else if (kind >= SCTPC_M_LIST8 && kind <= SCTPC_M_LIST32 && lua_type(L, -1) == LUA_TTABLE) {
                lua_Unsigned n = lua_rawlen(L, -1), k;
                int64_t *x;
                if (n > SCTPC_OPTBUF)
                    luaL_argerror(L, idx, lua_pushfstring(L, "%s.%s is too long", name, member));
                x = lua_newuserdatauv(L, (n ? n : 1) * sizeof *x, 0);   /* freed by the GC */
                for (k = 0; k < n; k++) {
                    int ok;
                    lua_rawgeti(L, -2, (lua_Integer)k + 1);
                    x[k] = (int64_t)lua_tointegerx(L, -1, &ok);
                    if (!ok)
                        luaL_argerror(L, idx, lua_pushfstring(L, "%s.%s must hold integers", name, member));
                    lua_pop(L, 1);
                }
                r = sctpc_optval_set_list(v, member, x, (size_t)n);
                lua_pop(L, 1);
            } else if (kind >= 0 && kind != SCTPC_M_ADDR && kind < SCTPC_M_LIST8 && lua_isinteger(L, -1)) {
                r = sctpc_optval_set_int(v, member, (int64_t)lua_tointeger(L, -1));
            } else if (kind >= 0 && kind != SCTPC_M_ADDR && kind < SCTPC_M_LIST8 && lua_isboolean(L, -1)) {
                r = sctpc_optval_set_int(v, member, lua_toboolean(L, -1));
            } else if (kind >= 0) {
                luaL_argerror(L, idx, lua_pushfstring(L, "%s.%s must be %s", name, member,
                              kind == SCTPC_M_ADDR ? "an address" : kind == SCTPC_M_BYTES ? "a string" :
                              kind >= SCTPC_M_LIST8 ? "a list of integers" : "an integer or a boolean"));
            } else {
                r = kind;
            }
            if (r == -ENOENT)
                luaL_argerror(L, idx, lua_pushfstring(L, "%s has no field '%s'", name, member));
            if (r == -E2BIG)
                luaL_argerror(L, idx, lua_pushfstring(L, "%s.%s is too long", name, member));
            if (r == -ERANGE)
                luaL_argerror(L, idx, lua_pushfstring(L, "%s.%s is out of range", name, member));
        }
        lua_pop(L, 1);
    }
}

/* The value on top of the stack, field k's, as an integer in [0, hi]; raises otherwise.  The
 * message names the field, not the argument: Socket:send hands its opts table straight
 * here, and the wrapper's argument number would not be the caller's. */
static uint32_t sctp_lua_u32value(lua_State *L, const char *k, lua_Integer hi)
{
    lua_Integer v;
    if (!lua_isinteger(L, -1))
        luaL_error(L, "'%s' must be an integer, got %s", k,
                   lua_type(L, -1) == LUA_TNUMBER ? "a float" : luaL_typename(L, -1));
    v = lua_tointeger(L, -1);
    if (v < 0 || v > hi)
        luaL_error(L, "'%s' is out of range [0, %I]", k, hi);
    return (uint32_t)v;
}

/* Field k of the table at idx, as sctp_lua_u32value takes it (0 when absent). */
static uint32_t sctp_lua_u32field(lua_State *L, int idx, const char *k, lua_Integer hi)
{
    uint32_t v = 0;
    if (lua_getfield(L, idx, k) != LUA_TNIL)
        v = sctp_lua_u32value(L, k, hi);
    lua_pop(L, 1);
    return v;
}

/* Send info from Socket:send's opts table: {stream=, flags=, ppid=, context=, ttl=,
 * assoc_id=, unordered=} (absent = 0; unordered, when true, adds SCTP_UNORDERED to flags;
 * other keys, such as `to`, are not its).  A plain table is walked once with lua_next, so a
 * send with {stream =, ppid =} converts two fields instead of looking seven up by name
 * (~700 instructions fewer a send); one with a metatable, whose __index may supply fields, is
 * read field by field.  The ppid is in host byte order and goes out big-endian. */
static const struct { const char *name; size_t len; lua_Integer hi; } sctp_lua_send_fields[] = {
    { "stream", 6, 0xffff }, { "flags", 5, 0xffff }, { "ppid", 4, 0xffffffff },
    { "context", 7, 0xffffffff }, { "ttl", 3, 0xffffffff },
    /* association ids are the kernel's signed 32-bit values: accept them as read back */
    { "assoc_id", 8, 0x7fffffff }, { "unordered", 9, 0 }
};
enum { SCTP_LUA_SEND_FIELDS = sizeof sctp_lua_send_fields / sizeof sctp_lua_send_fields[0] };

/* Send field f with the value on top of the stack into out. */
static void sctp_lua_send_field(lua_State *L, int f, struct sctpc_sendinfo *out, int *unordered)
{
    uint32_t v;
    if (f == SCTP_LUA_SEND_FIELDS - 1) {
        *unordered = lua_toboolean(L, -1);
        return;
    }
    v = sctp_lua_u32value(L, sctp_lua_send_fields[f].name, sctp_lua_send_fields[f].hi);
    switch (f) {
    case 0: out->stream = (uint16_t)v; break;
    case 1: out->flags = (uint16_t)v; break;
    case 2: out->ppid = htonl(v); break;
    case 3: out->context = v; break;
    case 4: out->ttl = v; break;
    default: out->assoc_id = (int32_t)v; break;
    }
}

static void sctp_lua_send_info(lua_State *L, int idx, struct sctpc_sendinfo *out)
{
    int f, unordered = 0;
    memset(out, 0, sizeof *out);
    idx = lua_absindex(L, idx);
    if (lua_getmetatable(L, idx)) {
        lua_pop(L, 1);
        for (f = 0; f < SCTP_LUA_SEND_FIELDS; f++) {
            if (lua_getfield(L, idx, sctp_lua_send_fields[f].name) != LUA_TNIL)
                sctp_lua_send_field(L, f, out, &unordered);
            lua_pop(L, 1);
        }
    } else {
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            size_t len;
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &len) : NULL;
            for (f = 0; k && f < SCTP_LUA_SEND_FIELDS; f++)
                if (len == sctp_lua_send_fields[f].len &&
                    memcmp(k, sctp_lua_send_fields[f].name, len) == 0) {
                    sctp_lua_send_field(L, f, out, &unordered);
                    break;
                }
            lua_pop(L, 1);
        }
    }
    if (unordered)
        out->flags |= SCTP_UNORDERED;
}
%}

%{
/* The socket at 1 of a C method over the Lua layer's state table (upvalue 1, then the
 * strings "fd" and "timeout": sctp_lua_push_sock_upvalues): pushes its state, fd and timeout
 * (the stack's top three after), returns the fd and sets *timeout_ms (-1: none).  Raises as
 * checksock does for anything but an open sctp socket. */
static int sctp_lua_sock_args(lua_State *L, int *timeout_ms)
{
    int top = lua_gettop(L);
    *timeout_ms = -1;
    lua_pushvalue(L, 1);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TTABLE)
        return luaL_error(L, "bad argument #1 (sctp socket expected)");
    lua_pushvalue(L, lua_upvalueindex(2));          /* a state is a plain table: rawget */
    if (lua_rawget(L, top + 1) == LUA_TNIL)
        return luaL_error(L, "attempt to use a closed sctp socket");
    lua_pushvalue(L, lua_upvalueindex(3));
    if (lua_rawget(L, top + 1) == LUA_TNUMBER) {
        double t = lua_tonumber(L, -1) * 1000;                  /* settimeout takes seconds */
        if (t >= INT_MAX) {
            *timeout_ms = INT_MAX;
        } else if (t >= 0) {                                    /* rounded up, as math.ceil */
            *timeout_ms = (int)t;
            *timeout_ms += *timeout_ms < t;
        }
    }
    return (int)lua_tointeger(L, top + 2);
}

/* Socket:send(data [, opts]) -> bytes sent, in C: the hot path of sending is then one call
 * from Lua, with no Lua frame of its own and no wrapper's argument checks (callgrind, a
 * 100-byte send: 3,978 instructions as a Lua method calling core.send, 2,383 so).  Its upvalue
 * is the Lua layer's state table (socket -> {fd =, timeout =, ...}); opts is read by
 * sctp_lua_send_info, opts.to by sctp_lua_addr_in.  Misuse raises as the Lua methods do. */
static int sctp_lua_socket_send(lua_State *L)
{
    struct sockaddr_storage to;
    struct sctpc_sendinfo info;
    const char *data;
    size_t len;
    int fd, timeout_ms, has_to, r;
    int64_t deadline;
    lua_settop(L, 3);
    fd = sctp_lua_sock_args(L, &timeout_ms);                              /* 4, 5, 6 */
    if (lua_type(L, 2) != LUA_TSTRING)
        return luaL_typeerror(L, 2, "string");
    data = lua_tolstring(L, 2, &len);
    memset(&info, 0, sizeof info);
    has_to = 0;
    if (!lua_isnil(L, 3)) {
        if (!lua_istable(L, 3))
            return luaL_argerror(L, 3, "table expected");
        if ((has_to = lua_getfield(L, 3, "to") != LUA_TNIL))                /* 7 */
            sctp_lua_addr_in(L, 7, &to);
        sctp_lua_send_info(L, 3, &info);
    }
    deadline = sctpc_deadline(timeout_ms);
    while ((r = sctpc_send(fd, has_to ? &to : NULL, &info, 0, timeout_ms, data, len)) == -EINTR)
        timeout_ms = sctpc_time_left(deadline, timeout_ms);
    if (r < 0)
        return sctp_lua_fail(L, -r);
    lua_pushinteger(L, r);
    return 1;
}

/* The first three upvalues of a method reading its socket with sctp_lua_sock_args: the
 * state table at 1, then the names of the fields it reads. */
static void sctp_lua_push_sock_upvalues(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_pushliteral(L, "fd");
    lua_pushliteral(L, "timeout");
}

/* send_method(state) -> Socket.send over that state table. */
static int sctp_lua_send_method(lua_State *L)
{
    sctp_lua_push_sock_upvalues(L);
    lua_pushcclosure(L, sctp_lua_socket_send, 3);
    return 1;
}
%}
%native(send_method) int sctp_lua_send_method(lua_State *L);

#define SCTP_AFTER_EINTR   /* Lua has no asynchronous signal handlers: just try again */

/* new_object(metatable) -> a fresh userdata with that metatable.  Pure Lua cannot make
 * userdata; the Lua layer's sockets are these, with their state in a weak table. */
%{
static int sctp_lua_new_object(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_newuserdatauv(L, 0, 0);
    lua_pushvalue(L, 1);
    lua_setmetatable(L, -2);
    return 1;
}
%}
%native(new_object) int sctp_lua_new_object(lua_State *L);

/* Integers: real Lua integers, range-checked, misuse raises. */
%typemap(in, checkfn="lua_isnumber") int "$1 = (int)sctp_lua_int(L, $input, INT_MIN, INT_MAX);"
%typemap(in, checkfn="lua_isnumber") int32_t "$1 = (int32_t)sctp_lua_int(L, $input, INT32_MIN, INT32_MAX);"
%typemap(in, checkfn="lua_isnumber") unsigned int "$1 = (unsigned int)sctp_lua_int(L, $input, 0, UINT_MAX);"

/* Status: the value (or true) on success; nil, message, errno on failure.  Argouts below only
 * add their values when the call succeeded. */
%typemap(out) sctpc_status {
    if ($1 < 0) { SWIG_arg += sctp_lua_fail(L, -$1); }
    else { lua_pushinteger(L, $1); SWIG_arg++; }
}
%typemap(out) sctpc_done {
    if ($1 < 0) { SWIG_arg += sctp_lua_fail(L, -$1); }
    else { lua_pushboolean(L, 1); SWIG_arg++; }
}
/* Replace the pushed status by the call's real result. */
%define SCTP_LUA_REPLACE_RESULT
    lua_pop(L, 1); SWIG_arg--;
%enddef

%typemap(in, checkfn="lua_istable") const struct sockaddr_storage *addr (struct sockaddr_storage tmp) {
    sctp_lua_addr_in(L, $input, &tmp);
    $1 = &tmp;
}
%typemap(in) const struct sockaddr_storage *to (struct sockaddr_storage tmp) {
    if (lua_isnil(L, $input)) $1 = NULL;
    else { sctp_lua_addr_in(L, $input, &tmp); $1 = &tmp; }
}
%typemap(in, checkfn="lua_istable") (const struct sockaddr_storage *addrs, int count)
        (struct sockaddr_storage tmp[SCTPC_MAX_ADDRS]) {
    lua_Integer i, n = (lua_Integer)lua_rawlen(L, $input);
    if (n < 1 || n > SCTPC_MAX_ADDRS)
        luaL_argerror(L, $input, "between 1 and 64 addresses are needed");
    for (i = 1; i <= n; i++) {
        lua_geti(L, $input, i);
        sctp_lua_addr_in(L, -1, &tmp[i - 1]);
        lua_pop(L, 1);
    }
    $1 = tmp;
    $2 = (int)n;
}

%typemap(in, numinputs=0) struct sockaddr_storage *addr_out (struct sockaddr_storage tmp),
                          struct sockaddr_storage *peer (struct sockaddr_storage tmp) {
    memset(&tmp, 0, sizeof tmp);
    $1 = &tmp;
}
%typemap(argout) struct sockaddr_storage *addr_out {
    if (result >= 0) { SCTP_LUA_REPLACE_RESULT sctp_lua_addr_out(L, $1); SWIG_arg++; }
}
/* accept -> fd, peer address */
%typemap(argout) struct sockaddr_storage *peer {
    if (result >= 0) { sctp_lua_addr_out(L, $1); SWIG_arg++; }
}
%typemap(in, numinputs=0) (struct sockaddr_storage *out, int max)
        (struct sockaddr_storage tmp[SCTPC_MAX_ADDRS]) {
    $1 = tmp;
    $2 = SCTPC_MAX_ADDRS;
}
%typemap(argout) (struct sockaddr_storage *out, int max) {
    if (result >= 0) {
        int i, n = result > $2 ? $2 : result;
        SCTP_LUA_REPLACE_RESULT
        lua_createtable(L, n, 0);
        for (i = 0; i < n; i++) {
            sctp_lua_addr_out(L, &$1[i]);
            lua_rawseti(L, -2, i + 1);
        }
        SWIG_arg++;
    }
}

/* Send info: nil or Socket:send's own opts table (see sctp_lua_send_info). */
%typemap(in) const struct sctpc_sendinfo *info (struct sctpc_sendinfo tmp) {
    if (lua_isnil(L, $input)) {
        $1 = NULL;
    } else {
        luaL_checktype(L, $input, LUA_TTABLE);
        sctp_lua_send_info(L, $input, &tmp);
        $1 = &tmp;
    }
}

/* sendv: nil or a list of destinations; info: nil or a table of RFC 6458 fields (a group is
 * sent when one of its fields is present, see python/runtime.i). */
%typemap(in) (const struct sockaddr_storage *dests, int ndests)
        (struct sockaddr_storage tmp[SCTPC_MAX_ADDRS]) {
    lua_Integer i, n;
    if (lua_isnil(L, $input)) { $1 = NULL; $2 = 0; }
    else {
        luaL_checktype(L, $input, LUA_TTABLE);
        n = (lua_Integer)lua_rawlen(L, $input);
        if (n < 1 || n > SCTPC_MAX_ADDRS)
            luaL_argerror(L, $input, "between 1 and 64 addresses are needed");
        for (i = 1; i <= n; i++) {
            lua_geti(L, $input, i);
            sctp_lua_addr_in(L, -1, &tmp[i - 1]);
            lua_pop(L, 1);
        }
        $1 = tmp;
        $2 = (int)n;
    }
}
%typemap(in) const struct sctpc_sendv_info *info (struct sctpc_sendv_info tmp) {
    if (lua_isnil(L, $input)) {
        $1 = NULL;
    } else {
        static const struct { const char *key; unsigned group; } g[] = {
            { "sid", SCTPC_SEND_SNDINFO }, { "flags", SCTPC_SEND_SNDINFO },
            { "ppid", SCTPC_SEND_SNDINFO }, { "context", SCTPC_SEND_SNDINFO },
            { "assoc_id", SCTPC_SEND_SNDINFO }, { "pr_policy", SCTPC_SEND_PRINFO },
            { "pr_value", SCTPC_SEND_PRINFO }, { "auth_keynumber", SCTPC_SEND_AUTHINFO },
            { "num_ostreams", SCTPC_SEND_INIT }, { "max_instreams", SCTPC_SEND_INIT },
            { "max_attempts", SCTPC_SEND_INIT }, { "max_init_timeo", SCTPC_SEND_INIT } };
        size_t i;
        luaL_checktype(L, $input, LUA_TTABLE);
        memset(&tmp, 0, sizeof tmp);
        for (i = 0; i < sizeof g / sizeof g[0]; i++) {
            int present = lua_getfield(L, $input, g[i].key) != LUA_TNIL;
            lua_pop(L, 1);
            if (present) tmp.valid |= g[i].group;
        }
        tmp.sid = (uint16_t)sctp_lua_u32field(L, $input, "sid", 0xffff);
        tmp.flags = (uint16_t)sctp_lua_u32field(L, $input, "flags", 0xffff);
        tmp.ppid = htonl(sctp_lua_u32field(L, $input, "ppid", 0xffffffff));
        tmp.context = sctp_lua_u32field(L, $input, "context", 0xffffffff);
        tmp.assoc_id = (int32_t)sctp_lua_u32field(L, $input, "assoc_id", 0x7fffffff);
        tmp.pr_policy = (uint16_t)sctp_lua_u32field(L, $input, "pr_policy", 0xffff);
        tmp.pr_value = sctp_lua_u32field(L, $input, "pr_value", 0xffffffff);
        tmp.auth_keynumber = (uint16_t)sctp_lua_u32field(L, $input, "auth_keynumber", 0xffff);
        tmp.num_ostreams = (uint16_t)sctp_lua_u32field(L, $input, "num_ostreams", 0xffff);
        tmp.max_instreams = (uint16_t)sctp_lua_u32field(L, $input, "max_instreams", 0xffff);
        tmp.max_attempts = (uint16_t)sctp_lua_u32field(L, $input, "max_attempts", 0xffff);
        tmp.max_init_timeo = (uint16_t)sctp_lua_u32field(L, $input, "max_init_timeo", 0xffff);
        $1 = &tmp;
    }
}

%typemap(in, checkfn="lua_isstring") (const void *buf, size_t len) {
    $1 = (void *)luaL_checklstring(L, $input, &$2);
}

%{
/* The info table of a received message (or notification) of n bytes at buf. */
static void sctp_lua_push_info(lua_State *L, const void *buf, int n, const struct sctpc_recvinfo *info)
{
    struct sctpc_fields f;
    if (info->has_info && !(info->msg_flags & SCTPC_MSG_NOTIFICATION)) {
        struct sctpc_recvinfo host = *info;
        host.ppid = ntohl(host.ppid);          /* Lua sees PPIDs in host byte order */
        host.nxt_ppid = ntohl(host.nxt_ppid);
        sctpc_recvinfo_fields(&host, &f);
        sctp_lua_fields_extra(L, &f, 5);      /* + from, msg_flags, eor, notification, data */
    } else {
        lua_createtable(L, 0, 5);
    }
    sctp_lua_addr_out(L, &info->from);
    lua_setfield(L, -2, "from");
    lua_pushinteger(L, info->msg_flags);
    lua_setfield(L, -2, "msg_flags");
    lua_pushboolean(L, (info->msg_flags & MSG_EOR) != 0);
    lua_setfield(L, -2, "eor");
    if ((info->msg_flags & (SCTPC_MSG_NOTIFICATION | MSG_EOR)) == (SCTPC_MSG_NOTIFICATION | MSG_EOR) &&
        sctpc_notification_fields(buf, (size_t)n, &f) == 0) {
        sctp_lua_fields(L, &f);
        lua_setfield(L, -2, "notification");
    }
}
%}

%{
/* recv's, recv_many's and batch:message's table of a received message (recv_many's and
 * batch:message's with the payload as `data`).  An ordinary data message's is built with its
 * keys pushed from stack slots or upvalues holding the strings (a list of them is made once
 * per Lua state and kept in the registry) and set with lua_rawset: no name is looked up in
 * Lua's string cache and compared, as lua_setfield does for each, and a run of messages from
 * one sender formats and interns its host once (callgrind: ~8,300 -> ~7,250 instructions a
 * 100-byte message in recv_many; keys in slots rather than read from the list each time,
 * -760 more).  Filling a table through the API costs what Lua's own constructor does:
 * calling a Lua table maker here per message measured the same.  Anything else (a
 * notification, no SCTP info, next-message info) goes through sctp_lua_push_info. */
static const char *const sctp_lua_msg_keys[] = {
    "stream", "ssn", "flags", "ppid", "context", "timetolive", "tsn", "cumtsn", "assoc_id",
    "msg_flags", "eor", "data", "from", "addr", "port", "family" };
enum { SCTP_LUA_K_MSG_FLAGS = 10, SCTP_LUA_K_EOR, SCTP_LUA_K_DATA, SCTP_LUA_K_FROM,
       SCTP_LUA_K_ADDR, SCTP_LUA_K_PORT, SCTP_LUA_K_FAMILY };

enum { SCTP_LUA_NKEYS = sizeof sctp_lua_msg_keys / sizeof sctp_lua_msg_keys[0] };

/* Key k (from 1) is at index key1 + step * (k - 1): a run of stack slots (step 1) or of a
 * closure's upvalues (step -1, as lua_upvalueindex counts down).  Pushing one from there is
 * lua_pushvalue, a third of lua_rawgeti from a list (callgrind: ~50 -> ~17 instructions). */
struct sctp_lua_msgs {
    int key1, step;
    int host, family;                   /* indices of the last sender's host and family */
    struct sockaddr_storage *last;      /* that sender, or zeroes */
    struct sockaddr_storage room;       /* last's room for one call's run (sctp_lua_msgs_open) */
};

/* Pushes the SCTP_LUA_NKEYS key strings, taken from a list made once per Lua state. */
static void sctp_lua_push_keys(lua_State *L)
{
    int i;
    luaL_checkstack(L, SCTP_LUA_NKEYS + 1, "recv");
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, sctp_lua_msg_keys) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, SCTP_LUA_NKEYS, 0);
        for (i = 0; i < SCTP_LUA_NKEYS; i++) {
            lua_pushstring(L, sctp_lua_msg_keys[i]);
            lua_rawseti(L, -2, i + 1);
        }
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, sctp_lua_msg_keys);
    }
    for (i = 1; i <= SCTP_LUA_NKEYS; i++)
        lua_rawgeti(L, -i, i);                /* the list is i - 1 below the top */
    lua_remove(L, -SCTP_LUA_NKEYS - 1);
}

/* Pushes the keys and two slots for the sender cache (SCTP_LUA_MSGS_SLOTS values) and
 * fills m. */
enum { SCTP_LUA_MSGS_SLOTS = SCTP_LUA_NKEYS + 2 };
static void sctp_lua_msgs_open(lua_State *L, struct sctp_lua_msgs *m)
{
    luaL_checkstack(L, SCTP_LUA_MSGS_SLOTS + 12, "recv");  /* then at most eleven a message */
    m->key1 = lua_gettop(L) + 1;
    m->step = 1;
    sctp_lua_push_keys(L);
    lua_pushnil(L);
    lua_pushnil(L);
    m->host = m->key1 + SCTP_LUA_NKEYS;
    m->family = m->host + 1;
    m->last = &m->room;
    memset(m->last, 0, sizeof *m->last);
}

/* Pushes key k; the caller pushes its value and sets the pair into its table. */
#define SCTP_LUA_KEY(L, m, k) lua_pushvalue((L), (m)->key1 + (m)->step * ((k) - 1))

/* Is r an ordinary data message's (SCTP info, no next-message info, not a notification)? */
static int sctp_lua_plain(const struct sctpc_recvinfo *r)
{
    return r->has_info && !r->has_nxt && !(r->msg_flags & SCTPC_MSG_NOTIFICATION);
}

/* An ordinary message's fields but from into the table at t (an absolute index, or -3: the
 * top before each key and value are pushed), each by set: lua_rawset into a new table,
 * lua_settable into the caller's (its metamethods run, as for an assignment). */
static void sctp_lua_set_fields(lua_State *L, struct sctp_lua_msgs *m, int t,
                                const struct sctpc_recvinfo *r, void (*set)(lua_State *, int))
{
    lua_Integer v[9] = { r->stream, r->ssn, r->flags, ntohl(r->ppid), r->context, r->ttl,
                         r->tsn, r->cumtsn, r->assoc_id };
    int k;
    for (k = 0; k < 9; k++) {
        SCTP_LUA_KEY(L, m, k + 1);
        lua_pushinteger(L, v[k]);
        set(L, t);
    }
    SCTP_LUA_KEY(L, m, SCTP_LUA_K_MSG_FLAGS);
    lua_pushinteger(L, r->msg_flags);
    set(L, t);
    SCTP_LUA_KEY(L, m, SCTP_LUA_K_EOR);
    lua_pushboolean(L, (r->msg_flags & MSG_EOR) != 0);
    set(L, t);
}

/* host, port, family, from (a table) on the stack -> from, its addr, port and family set. */
static void sctp_lua_set_from(lua_State *L, struct sctp_lua_msgs *m, void (*set)(lua_State *, int))
{
    SCTP_LUA_KEY(L, m, SCTP_LUA_K_FAMILY);
    lua_pushvalue(L, -3);
    set(L, -3);
    SCTP_LUA_KEY(L, m, SCTP_LUA_K_PORT);
    lua_pushvalue(L, -4);
    set(L, -3);
    SCTP_LUA_KEY(L, m, SCTP_LUA_K_ADDR);
    lua_pushvalue(L, -5);
    set(L, -3);
    lua_replace(L, -4);                       /* from, port, family */
    lua_pop(L, 2);
}

/* with_data: the payload in the table as `data` (recv_many), or not (recv returns it apart). */
static void sctp_lua_push_message(lua_State *L, struct sctp_lua_msgs *m, const char *buf, int n,
                                  const struct sctpc_recvinfo *r, int with_data)
{
    if (!sctp_lua_plain(r)) {
        sctp_lua_push_info(L, buf, n, r);
        if (with_data) {
            lua_pushlstring(L, buf, (size_t)n);
            lua_setfield(L, -2, "data");
        }
        return;
    }
    lua_createtable(L, 0, 12 + with_data);
    sctp_lua_set_fields(L, m, -3, r, lua_rawset);
    if (with_data) {
        SCTP_LUA_KEY(L, m, SCTP_LUA_K_DATA);
        lua_pushlstring(L, buf, (size_t)n);
        lua_rawset(L, -3);
    }
    SCTP_LUA_KEY(L, m, SCTP_LUA_K_FROM);
    if (!sctp_lua_addr_values_cached(L, &r->from, m->last, m->host, m->family)) {
        lua_pop(L, 4);                        /* no address: no from */
        return;
    }
    lua_createtable(L, 0, 3);                 /* key, host, port, family, from */
    sctp_lua_set_from(L, m, lua_rawset);
    lua_rawset(L, -3);                        /* key, from */
}

/* The same fields written into the caller's table at into (an absolute index), and into its
 * `from` table (a new one if it holds none). */
static void sctp_lua_info_into(lua_State *L, struct sctp_lua_msgs *m, int into,
                               const struct sctpc_recvinfo *r)
{
    sctp_lua_set_fields(L, m, into, r, lua_settable);
    if (!sctp_lua_addr_values_cached(L, &r->from, m->last, m->host, m->family)) {
        lua_pop(L, 3);
        SCTP_LUA_KEY(L, m, SCTP_LUA_K_FROM);
        lua_pushnil(L);
        lua_settable(L, into);
        return;
    }
    SCTP_LUA_KEY(L, m, SCTP_LUA_K_FROM);
    if (lua_gettable(L, into) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, 0, 3);
        SCTP_LUA_KEY(L, m, SCTP_LUA_K_FROM);
        lua_pushvalue(L, -2);
        lua_settable(L, into);
    }
    sctp_lua_set_from(L, m, lua_settable);
    lua_pop(L, 1);
}

/* Socket:recv([size [, info]]) -> data, info, in C as send is: one call from Lua, no Lua
 * frame, no wrapper's checks (callgrind, a 100-byte message: 9,261 instructions as a Lua
 * method unpacking a wrapper's values into its table, 8,265 so; into the caller's table
 * 5,554 and 4,514).  info is built as recv_many's tables are, or written into the caller's.
 * Upvalues: sctp_lua_push_sock_upvalues' three, then these. */
enum { SCTP_LUA_UP_HOST = 4, SCTP_LUA_UP_FAMILY,   /* the last sender's host and family, */
       SCTP_LUA_UP_LAST,                           /* a userdata holding that sender */
       SCTP_LUA_UP_SCRATCH,                        /* the receive buffer, a userdata */
       SCTP_LUA_UP_KEY1 };                         /* the keys, SCTP_LUA_NKEYS of them */
static int sctp_lua_socket_recv(lua_State *L)
{
    struct sctp_lua_msgs m;
    struct sctpc_recvinfo r;
    lua_Integer size = 65536;
    int fd, timeout_ms, n;
    int64_t deadline;
    void *buf;
    lua_settop(L, 3);
    fd = sctp_lua_sock_args(L, &timeout_ms);                              /* 4, 5, 6 */
    if (!lua_isnil(L, 2))
        size = sctp_lua_int(L, 2, 1, 1 << 30);
    if (!lua_isnil(L, 3))
        luaL_checktype(L, 3, LUA_TTABLE);
    if (lua_rawlen(L, lua_upvalueindex(SCTP_LUA_UP_SCRATCH)) < (size_t)size) {
        lua_newuserdatauv(L, (size_t)size, 0);          /* a bigger one from now on */
        lua_replace(L, lua_upvalueindex(SCTP_LUA_UP_SCRATCH));
    }
    buf = lua_touserdata(L, lua_upvalueindex(SCTP_LUA_UP_SCRATCH));
    deadline = sctpc_deadline(timeout_ms);
    while ((n = sctpc_recv(fd, 0, timeout_ms, buf, (size_t)size, &r)) == -EINTR)
        timeout_ms = sctpc_time_left(deadline, timeout_ms);
    if (n < 0)
        return sctp_lua_fail(L, -n);
    m.key1 = lua_upvalueindex(SCTP_LUA_UP_KEY1);
    m.step = -1;
    m.host = lua_upvalueindex(SCTP_LUA_UP_HOST);
    m.family = lua_upvalueindex(SCTP_LUA_UP_FAMILY);
    m.last = lua_touserdata(L, lua_upvalueindex(SCTP_LUA_UP_LAST));
    luaL_checkstack(L, 9, "recv");        /* the data, then push_message's at most eight */
    lua_pushlstring(L, buf, (size_t)n);
    if (lua_isnil(L, 3) || !sctp_lua_plain(&r)) {
        sctp_lua_push_message(L, &m, buf, n, &r, 0);
        return 2;
    }
    sctp_lua_info_into(L, &m, 3, &r);
    lua_pushvalue(L, 3);
    return 2;
}

/* recv_method(state) -> Socket.recv over that state table. */
static int sctp_lua_recv_method(lua_State *L)
{
    sctp_lua_push_sock_upvalues(L);
    lua_pushnil(L);
    lua_pushnil(L);
    memset(lua_newuserdatauv(L, sizeof(struct sockaddr_storage), 0), 0,
           sizeof(struct sockaddr_storage));
    lua_newuserdatauv(L, 65536, 0);
    sctp_lua_push_keys(L);
    lua_pushcclosure(L, sctp_lua_socket_recv, SCTP_LUA_UP_KEY1 - 1 + SCTP_LUA_NKEYS);
    return 1;
}
%}

%native(recv_method) int sctp_lua_recv_method(lua_State *L);

/* Receive: maxlen in; data, info out.  The buffer is a Lua userdata, so an error anywhere
 * leaves nothing to free. */
%typemap(in, checkfn="lua_isnumber") (void *buf, size_t len, struct sctpc_recvinfo *info)
        (struct sctpc_recvinfo tmp) {
    lua_Integer n = sctp_lua_int(L, $input, 1, 1 << 30);
    $1 = sctp_lua_scratch(L, (size_t)n);
    $2 = (size_t)n;
    $3 = &tmp;
}
%typemap(argout) (void *buf, size_t len, struct sctpc_recvinfo *info) {
    if (result >= 0) {
        SCTP_LUA_REPLACE_RESULT
        lua_pushlstring(L, $1, (size_t)result);
        SWIG_arg++;
        sctp_lua_push_info(L, $1, result, $3);
        SWIG_arg++;
    }
}

%{
/* Socket:message_values' step: the n bytes at buf received with r as data, nil, stream,
 * ppid, assoc_id, host, port, family, ssn, tsn, cumtsn, flags, context, timetolive,
 * msg_flags, eor for an ordinary message; anything else (a notification, no SCTP info,
 * next-message info) as recv's data, info.  Returns how many were pushed.  last is
 * sctp_lua_addr_values_cached's cache, its host and family kept in upvalues host_up and
 * host_up + 1. */
static int sctp_lua_recv_values(lua_State *L, const char *buf, int n,
                                const struct sctpc_recvinfo *r, struct sockaddr_storage *last,
                                int host_up)
{
    lua_Integer v[6] = { r->ssn, r->tsn, r->cumtsn, r->flags, r->context, r->ttl };
    int i;
    luaL_checkstack(L, 16, "recv");
    lua_pushlstring(L, buf, (size_t)n);
    if (!sctp_lua_plain(r)) {
        sctp_lua_push_info(L, buf, n, r);
        return 2;
    }
    lua_pushnil(L);
    lua_pushinteger(L, r->stream);
    lua_pushinteger(L, ntohl(r->ppid));
    lua_pushinteger(L, r->assoc_id);
    sctp_lua_addr_values_cached(L, &r->from, last, lua_upvalueindex(host_up),
                                lua_upvalueindex(host_up + 1));
    for (i = 0; i < 6; i++)
        lua_pushinteger(L, v[i]);
    lua_pushinteger(L, r->msg_flags);
    lua_pushboolean(L, (r->msg_flags & MSG_EOR) != 0);
    return 16;
}
%}

/* recv_many(fd, flags, timeout, count, size) -> { info with a `data` field, ... }: the
 * messages land side by side in the scratch buffer. */
%typemap(in, numinputs=0) (void *const *bufs, struct sctpc_recvinfo *infos, int *lens)
        (void *ptrs[SCTPC_MAX_BATCH], struct sctpc_recvinfo tmpi[SCTPC_MAX_BATCH],
         int tmpl[SCTPC_MAX_BATCH]) {
    $1 = ptrs; $2 = tmpi; $3 = tmpl;
}
/* "check" runs after every input was converted: count (arg4) and size (arg5) are known. */
%typemap(check) (void *const *bufs, struct sctpc_recvinfo *infos, int *lens) {
    char *scratch;
    int i;
    if (arg4 < 1 || arg4 > SCTPC_MAX_BATCH)
        luaL_argerror(L, 4, "a batch holds 1 to 64 messages");
    if (arg5 < 1 || (size_t)arg4 * arg5 > (64u << 20))
        luaL_argerror(L, 5, "size must be at least 1, and count * size at most 64 MiB");
    scratch = sctp_lua_scratch(L, (size_t)arg4 * arg5);
    for (i = 0; i < arg4; i++)
        ptrs$argnum[i] = scratch + (size_t)i * arg5;
}
%typemap(argout) (void *const *bufs, struct sctpc_recvinfo *infos, int *lens) {
    if (result >= 0) {
        int i;
        struct sctp_lua_msgs m;
        SCTP_LUA_REPLACE_RESULT
        lua_createtable(L, result, 0);
        sctp_lua_msgs_open(L, &m);
        for (i = 0; i < result; i++) {
            sctp_lua_push_message(L, &m, $1[i], $3[i], &$2[i], 1);
            lua_rawseti(L, m.key1 - 1, i + 1);
        }
        lua_pop(L, SCTP_LUA_MSGS_SLOTS);
        SWIG_arg++;
    }
}

/* sendv_iov: one message gathered from a list of strings; send_many: one message each.
 * The strings stay referenced by the argument table for the whole call. */
%{
static int sctp_lua_iov_in(lua_State *L, int idx, struct iovec *iov, int max, const char *what)
{
    lua_Integer i, n;
    luaL_checktype(L, idx, LUA_TTABLE);
    n = (lua_Integer)lua_rawlen(L, idx);
    if (n < 1 || n > max)
        luaL_argerror(L, idx, lua_pushfstring(L, "%s must hold 1 to %d strings", what, max));
    for (i = 1; i <= n; i++) {
        size_t len;
        if (lua_rawgeti(L, idx, i) != LUA_TSTRING)
            luaL_argerror(L, idx, lua_pushfstring(L, "%s[%I] is not a string", what, i));
        iov[i - 1].iov_base = (void *)lua_tolstring(L, -1, &len);
        iov[i - 1].iov_len = len;
        lua_pop(L, 1);
    }
    return (int)n;
}
%}
%typemap(in, checkfn="lua_istable") (const struct iovec *iov, int iovcnt) (struct iovec tmp[SCTPC_MAX_IOV]) {
    $2 = sctp_lua_iov_in(L, $input, tmp, SCTPC_MAX_IOV, "the buffers");
    $1 = tmp;
}
%typemap(in, checkfn="lua_istable") (const struct iovec *msgs, int count) (struct iovec tmp[SCTPC_MAX_BATCH]) {
    $2 = sctp_lua_iov_in(L, $input, tmp, SCTPC_MAX_BATCH, "the messages");
    $1 = tmp;
}

%typemap(in, checkfn="lua_isstring") (const void *buf, size_t len, struct sctpc_fields *out)
        (struct sctpc_fields tmp) {
    $1 = (void *)luaL_checklstring(L, $input, &$2);
    $3 = &tmp;
}
%typemap(argout) (const void *buf, size_t len, struct sctpc_fields *out) {
    if (result >= 0) { SCTP_LUA_REPLACE_RESULT sctp_lua_fields(L, $3); SWIG_arg++; }
}

%typemap(in, checkfn="lua_istable") struct sctpc_optval *v (struct sctpc_optval tmp),
                                    const struct sctpc_optval *v (struct sctpc_optval tmp) {
    sctp_lua_optval_in(L, $input, &tmp);
    $1 = &tmp;
}
%typemap(argout) struct sctpc_optval *v {
    if (result >= 0) {
        struct sctpc_fields f;
        SCTP_LUA_REPLACE_RESULT
        sctpc_optval_fields($1, &f);
        sctp_lua_fields(L, &f);
        SWIG_arg++;
    }
}
%typemap(argout) const struct sctpc_optval *v "";

%typemap(out) const struct sctpc_constant * {
    if ($1) { lua_pushstring(L, $1->name); lua_pushinteger(L, (lua_Integer)$1->value); SWIG_arg += 2; }
    else { lua_pushnil(L); SWIG_arg++; }
}
%typemap(out) const struct sctpc_optdesc * {
    if ($1) {
        lua_pushstring(L, $1->name);
        lua_pushboolean(L, ($1->dir & SCTPC_OPT_GET) != 0);
        lua_pushboolean(L, ($1->dir & SCTPC_OPT_SET) != 0);
        SWIG_arg += 3;
    } else { lua_pushnil(L); SWIG_arg++; }
}
