%% An Erlang gen_sctp peer for the interoperability tests: a one-to-many socket on
%% 127.0.0.1 that prints its port, then answers each message on the stream it came on,
%% with its PPID, as <<"erlang:", Data/binary>>, and prints what it saw.  Ends after
%% 60 s without traffic.
-include_lib("kernel/include/inet_sctp.hrl").

main(_) ->
    {ok, S} = gen_sctp:open(0, [{ip, {127, 0, 0, 1}}, {active, false}, {mode, binary}]),
    ok = gen_sctp:listen(S, true),
    {ok, Port} = inet:port(S),
    io:format("~p~n", [Port]),
    loop(S).

loop(S) ->
    case gen_sctp:recv(S, 60000) of
        {ok, {_Ip, _Port, [#sctp_sndrcvinfo{stream = St, ppid = P, assoc_id = A}], Data}}
          when is_binary(Data) ->
            io:format("got ~s stream ~p ppid ~p~n", [Data, St, P]),
            ok = gen_sctp:send(S, #sctp_sndrcvinfo{stream = St, ppid = P, assoc_id = A},
                               <<"erlang:", Data/binary>>),
            loop(S);
        {ok, _Notification} ->
            loop(S);
        {error, timeout} ->
            ok
    end.
