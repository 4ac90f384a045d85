#!/bin/sh
# Build a Debian root of another release for the tests, with the kernel of that release
# downloaded next to it (the VM boots it):
#   mkroot.sh SUITE DIR PACKAGE...
# DIR/var/cache/sctp-kernel holds the kernel image package.  mmdebstrap needs no more than
# the apt access the host already has.
set -eu
SUITE=$1; DIR=$2; shift 2
# stdout is the caller's (./run reads the root's path from it): apt's talk goes to stderr
command -v mmdebstrap >/dev/null 2>&1 || {
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap; } >&2
rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
# the hook runs before mmdebstrap drops the package lists and resolv.conf
mmdebstrap --variant=apt --include="$(echo "$@" | tr ' ' ,)" \
    --customize-hook='chroot "$1" sh -c "mkdir -p /var/cache/sctp-kernel && cd /var/cache/sctp-kernel &&
        apt-get download -q \$(apt-cache depends linux-image-amd64 |
                               sed -n \"s/.*Depends: \(linux-image-[0-9].*\)/\1/p\" | head -n 1)"' \
    "$SUITE" "$DIR" >&2
ls "$DIR"/var/cache/sctp-kernel/linux-image-*.deb >/dev/null
