/* Socket options (by name, with named fields) and event subscription. */

%ignore sctpc_member;
%ignore sctpc_optdesc;
%ignore sctpc_optval;
%ignore sctpc_optdesc_find;
%ignore sctpc_optval_init;
%ignore sctpc_optval_set_int;
%ignore sctpc_optval_set_addr;
%ignore sctpc_optval_set_list;
%ignore sctpc_optval_set_bytes;
%ignore sctpc_optval_member_kind;
%ignore sctpc_optval_fields;
%ignore sctpc_fields;
%ignore sctpc_field;
%ignore sctpc_recvinfo_fields;
