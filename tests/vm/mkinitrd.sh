#!/bin/sh
# Build the guest's initramfs: static busybox, the kernel modules SCTP tests need, and an
# /init that mounts the host read-only (9p) under a tmpfs overlay and runs /io/cmd.sh there.
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
    for f in $(modprobe -d "$KROOT" -S "$KV" --show-depends "$m" | awk '{print $2}'); do
        b=$(basename "$f")
        case " $ORDER " in *" $b "*) ;; *) cp "$f" "$T/mods/$b"; ORDER="$ORDER $b" ;; esac
    done
done
cat > "$T/init" <<EOI
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $ORDER; do insmod /mods/\$m 2>/dev/null; done
mount -t 9p -o trans=virtio,version=9p2000.L,ro hostroot /host
mount -t 9p -o trans=virtio,version=9p2000.L io /io
mount -t tmpfs tmpfs /rw; mkdir -p /rw/up /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/up,workdir=/rw/work /newroot
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
