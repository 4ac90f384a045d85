/* sctp.batch(count, size): a userdata with room for count received messages of size bytes
 * (the area follows the C struct inside it, so nothing needs freeing), and the core's
 * batch_receive, which fills it with one recvmmsg (Socket:recv_many_into).  Nothing is made
 * per message until asked for: b:message(i) is recv_many's table for message i, b:data(i)
 * its payload, b:stream(i), b:ppid(i), b:assoc_id(i), b:is_notification(i) single fields;
 * #b is how many the last receive brought.  Indices start at 1; a bad one raises. */

%{
/* The batch (argument 1) and the index of its message (argument 2, from 1) as *i, from 0;
 * a bad one raises. */
static struct sctpc_batch *sctp_lua_batch_at(lua_State *L, int *i)
{
    struct sctpc_batch *b = luaL_checkudata(L, 1, "sctp.Batch");
    lua_Integer k = luaL_checkinteger(L, 2);
    if (k < 1 || k > b->n)
        luaL_argerror(L, 2, lua_pushfstring(L, "index %I is not in 1..%d", k, b->n));
    *i = (int)k - 1;
    return b;
}

static int sctp_lua_batch_data(lua_State *L)
{
    int i;
    struct sctpc_batch *b = sctp_lua_batch_at(L, &i);
    lua_pushlstring(L, sctpc_batch_slot(b, i), (size_t)b->lens[i]);
    return 1;
}

/* A socket's read-ahead (Socket:messages, Socket:message_values): batch_reader(b, refill)
 * gives two closures over one batch b and this state.  next() hands out the batch's next
 * message as sctp_lua_recv_values pushes one, and calls refill() (Lua: one recvmmsg into b,
 * raising on error) when all are handed out; nothing at the end of the stream, an empty
 * data message.  held() is how many are read ahead and not yet handed out.  The batch was
 * checked once, when the reader was made, not per message, and the state points at it.
 * next's upvalues: 1 this state, 2 the batch (keeping it alive), 3 and 4 the host and family
 * of the address cache sctp_lua_addr_values_cached keeps in last_from, 5 refill. */
struct sctp_lua_reader {
    struct sockaddr_storage last_from;
    struct sctpc_batch *b;
    int next;                               /* the batch's next message to hand out */
};

static int sctp_lua_reader_next(lua_State *L)
{
    struct sctp_lua_reader *r = lua_touserdata(L, lua_upvalueindex(1));
    struct sctpc_batch *b = r->b;
    int i;
    if (r->next >= b->n) {
        lua_pushvalue(L, lua_upvalueindex(5));
        lua_call(L, 0, 0);
        r->next = 0;
        if (b->n < 1)
            return luaL_error(L, "the reader's refill received nothing into its batch");
    }
    i = r->next++;
    if (sctpc_end_of_stream(b->lens[i], &b->infos[i]))
        return 0;
    return sctp_lua_recv_values(L, sctpc_batch_slot(b, i), b->lens[i], &b->infos[i],
                                &r->last_from, 3);
}

static int sctp_lua_reader_held(lua_State *L)
{
    struct sctp_lua_reader *r = lua_touserdata(L, lua_upvalueindex(1));
    lua_pushinteger(L, r->next < r->b->n ? r->b->n - r->next : 0);
    return 1;
}

/* batch_reader(b, refill) -> next, held */
static int sctp_lua_batch_reader(lua_State *L)
{
    struct sctpc_batch *b = luaL_checkudata(L, 1, "sctp.Batch");
    struct sctp_lua_reader *r;
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    r = lua_newuserdatauv(L, sizeof *r, 0);
    memset(r, 0, sizeof *r);
    r->b = b;
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    lua_pushnil(L);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, sctp_lua_reader_next, 5);
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, sctp_lua_reader_held, 2);
    return 2;
}

static int sctp_lua_batch_message(lua_State *L)
{
    int i;
    struct sctpc_batch *b = sctp_lua_batch_at(L, &i);
    struct sctp_lua_msgs m;
    sctp_lua_msgs_open(L, &m);
    sctp_lua_push_message(L, &m, sctpc_batch_slot(b, i), b->lens[i], &b->infos[i], 1);
    return 1;
}

/* The cheap accessors: one field of message i, nothing else made. */
#define SCTP_LUA_BATCH_GETTER(name, push)                                   \
    static int sctp_lua_batch_##name(lua_State *L)                          \
    {                                                                       \
        int i;                                                              \
        struct sctpc_batch *b = sctp_lua_batch_at(L, &i);                   \
        push;                                                               \
        return 1;                                                           \
    }
SCTP_LUA_BATCH_GETTER(stream, lua_pushinteger(L, b->infos[i].stream))
SCTP_LUA_BATCH_GETTER(ppid, lua_pushinteger(L, ntohl(b->infos[i].ppid)))
SCTP_LUA_BATCH_GETTER(assoc_id, lua_pushinteger(L, b->infos[i].assoc_id))
SCTP_LUA_BATCH_GETTER(is_notification,
                      lua_pushboolean(L, (b->infos[i].msg_flags & SCTPC_MSG_NOTIFICATION) != 0))

static int sctp_lua_batch_len(lua_State *L)
{
    lua_pushinteger(L, ((struct sctpc_batch *)luaL_checkudata(L, 1, "sctp.Batch"))->n);
    return 1;
}

static int sctp_lua_batch_tostring(lua_State *L)
{
    struct sctpc_batch *b = luaL_checkudata(L, 1, "sctp.Batch");
    lua_pushfstring(L, "sctp.batch: %d of %d messages, size %I", b->n, b->count,
                    (lua_Integer)b->size);
    return 1;
}

/* batch_new(count, size) -> a batch */
static int sctp_lua_batch_new(lua_State *L)
{
    static const luaL_Reg methods[] = {
        { "data", sctp_lua_batch_data }, { "message", sctp_lua_batch_message },
        { "stream", sctp_lua_batch_stream }, { "ppid", sctp_lua_batch_ppid },
        { "assoc_id", sctp_lua_batch_assoc_id },
        { "is_notification", sctp_lua_batch_is_notification }, { NULL, NULL }
    };
    lua_Integer count = sctp_lua_int(L, 1, 1, SCTPC_MAX_BATCH);
    lua_Integer size = sctp_lua_int(L, 2, 1, (64 << 20) / count);
    struct sctpc_batch *b = lua_newuserdatauv(L, sizeof *b + (size_t)(count * size), 0);
    memset(b, 0, sizeof *b);
    b->area = (char *)(b + 1);
    b->size = (size_t)size;
    b->count = (int)count;
    if (luaL_newmetatable(L, "sctp.Batch")) {
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, sctp_lua_batch_len);
        lua_setfield(L, -2, "__len");
        lua_pushcfunction(L, sctp_lua_batch_tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_setmetatable(L, -2);
    return 1;
}
%}
%native(batch_new) int sctp_lua_batch_new(lua_State *L);
%native(batch_reader) int sctp_lua_batch_reader(lua_State *L);

/* batch_receive(fd, msg_flags, timeout_ms, batch) -> n, or nil, message, errno: the core call
 * wrapped as every blocking call is (status.i: retried after EINTR with the time left). */
%typemap(in, checkfn="lua_isuserdata") struct sctpc_batch *b
    "$1 = luaL_checkudata(L, $input, \"sctp.Batch\");"
SCTP_BLOCKING(sctpc_batch_receive, arg3)
sctpc_status sctpc_batch_receive(int fd, int msg_flags, int timeout_ms, struct sctpc_batch *b);
