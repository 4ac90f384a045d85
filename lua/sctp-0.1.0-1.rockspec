-- LuaRocks package: builds the Lua module (no Python) with the project's CMake.
-- Needs libsctp-dev, swig and cmake on the system (Debian: apt-get install libsctp-dev swig cmake).
package = "sctp"
version = "0.1.0-1"
source = { url = "git+file://.", dir = "." }
description = {
  summary = "Linux SCTP sockets for Lua 5.4, with LuaSocket manners",
  detailed = "One-to-one and one-to-many SCTP sockets, multi-homing (bindx/connectx), streams, PPIDs, notifications and every socket option, over the kernel's SCTP API.",
  license = "MIT",
}
dependencies = { "lua >= 5.4" }
external_dependencies = { SCTP = { header = "netinet/sctp.h", library = "sctp" } }
build = {
  type = "cmake",
  variables = {
    CMAKE_INSTALL_PREFIX = "$(PREFIX)",
    SCTP_WITH_PYTHON = "OFF",
    SCTP_BUILD_TESTS = "OFF",
    SCTP_INSTALL_CORE = "OFF",
    SCTP_LUA_LMOD_DIR = "$(LUADIR)",
    SCTP_LUA_CMOD_DIR = "$(LIBDIR)",
  },
}
