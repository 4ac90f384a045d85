#!/bin/sh
# Build the guest's initramfs: static busybox, the kernel modules SCTP tests need, and an
# /init that mounts the host read-only (9p) under a tmpfs overlay and runs /io/cmd.sh there
# (or, when /io/root names a folder of the host holding another release's root, in that
# root, with the host folders /io/binds lists overlaid at the same paths).
#   mkinitrd.sh KERNEL_ROOT OUTPUT.gz
set -eu
KROOT=$1; OUT=$2
KV=$(ls "$KROOT/lib/modules")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/mods" "$T/proc" "$T/sys" "$T/dev" "$T/host" "$T/rw" "$T/newroot" "$T/io"
cp /bin/busybox "$T/bin/busybox"
for a in sh mount insmod mkdir chroot poweroff cat ip; do ln -s busybox "$T/bin/$a"; done
# crc32c_generic first: libcrc32c needs a provider or sctp will not load.
# veth and sch_netem serve the multi-homing and loss tests in network namespaces.
ORDER=""
for m in crc32c_generic virtio_pci 9pnet_virtio 9p overlay sctp sctp_diag veth sch_netem; do
    for f in $(modprobe -d "$KROOT" -S "$KV" --show-depends "$m" | awk '$1 == "insmod" {print $2}'); do
        b=$(basename "$f"); b=${b%.xz}; b=${b%.zst}
        case " $ORDER " in *" $b "*) continue ;; esac
        # busybox's insmod takes plain modules; newer kernels ship them compressed
        case $f in
            *.xz) xz -dc "$f" > "$T/mods/$b" ;;
            *.zst) zstd -qdc "$f" > "$T/mods/$b" ;;
            *) cp "$f" "$T/mods/$b" ;;
        esac
        ORDER="$ORDER $b"
    done
done
cat > "$T/init" <<EOI
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $ORDER; do case \$m in sctp*) ;; *) insmod /mods/\$m 2>/dev/null ;; esac; done
mount -t 9p -o trans=virtio,version=9p2000.L,ro hostroot /host
mount -t 9p -o trans=virtio,version=9p2000.L io /io
# /io/nosctp: a kernel without SCTP, for the tests of that error (no autoloading either)
if [ -f /io/nosctp ]; then
    echo /bin/false > /proc/sys/kernel/modprobe
else
    for m in $ORDER; do case \$m in sctp*) insmod /mods/\$m 2>/dev/null ;; esac; done
fi
mount -t tmpfs tmpfs /rw; mkdir -p /rw/up /rw/work
lower=/host; [ -f /io/root ] && lower=/host\$(cat /io/root)
mount -t overlay overlay -o lowerdir=\$lower,upperdir=/rw/up,workdir=/rw/work /newroot
n=0
for b in \$(cat /io/binds 2>/dev/null); do
    n=\$((n + 1)); mkdir -p /rw/b\$n/up /rw/b\$n/work /newroot\$b
    mount -t overlay overlay -o lowerdir=/host\$b,upperdir=/rw/b\$n/up,workdir=/rw/b\$n/work /newroot\$b
done
mkdir -p /newroot/io; mount --move /io /newroot/io
mount -t proc proc /newroot/proc; mount -t sysfs sys /newroot/sys; mount -t devtmpfs dev /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts devpts /newroot/dev/pts; mount -t tmpfs tmpfs /newroot/dev/shm
ip link set lo up
chroot /newroot /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root TERM=dumb LANG=C.UTF-8 SCTP_IN_VM=1 /bin/sh -c \
    '{ . /io/env.sh; cd "\$(cat /io/cwd)" && sh /io/cmd.sh; } > /io/out.txt 2>&1; echo \$? > /io/rc'
poweroff -f
EOI
chmod +x "$T/init"
(cd "$T" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUT"
