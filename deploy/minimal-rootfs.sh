#!/bin/bash
# Used by deploy/Containerfile (the runtime stage): assembles /staging, a root file system
# holding only the Debian packages the services load, copied file by file out of the Debian slim
# image this runs in, with their dpkg records in /var/lib/dpkg/status.d (where vulnerability
# scanners such as Trivy and Grype look, as in Google's distroless images). No package manager and
# no coreutils (but sleep, for a Kubernetes preStop hook); bash for the health check and dash as /bin/sh.
set -euo pipefail

packages=(
    base-files tzdata ca-certificates                 # /etc/os-release, time zones, CAs
    libc6 libgcc-s1 libstdc++6 zlib1g                 # what every Swift binary links
    libsqlite3-0 libssl3                              # SQLite (GRDB) and OpenSSL 3 (SM3/SM4)
    bash libtinfo6 dash                               # the health check; /bin/sh for CMD-SHELL checks
)
staging=/staging
mkdir -p "$staging"
# Debian 12 has merged /usr: /bin, /lib, … are links into /usr.
for dir in bin sbin lib lib64; do
    if [[ -L /$dir ]]; then
        mkdir -p "$staging/usr/$dir"
        ln -s "usr/$dir" "$staging/$dir"
    fi
done
mkdir -p "$staging/var/lib/dpkg/status.d"
for package in "${packages[@]}"; do
    while IFS= read -r path; do
        if [[ -L $path || -f $path ]]; then
            cp -a --parents "$path" "$staging"
        elif [[ -d $path && $path != /. ]]; then
            mkdir -p "$staging$path"
        fi
    done < <(dpkg-query --listfiles "$package")
    dpkg-query --status "$package" >"$staging/var/lib/dpkg/status.d/$package"
done
cp -a --parents /usr/bin/sleep /etc/ld.so.conf /etc/nsswitch.conf "$staging"
# The certificate bundle and links update-ca-certificates made (no package lists them).
cp -a --parents /etc/ssl/certs "$staging"
ldconfig -r "$staging"

printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' \
    'youyue:x:10001:10001:youyue:/var/lib/youyue:/usr/sbin/nologin' >"$staging/etc/passwd"
printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'youyue:x:10001:' >"$staging/etc/group"
install -d -m 1777 "$staging/tmp"
install -d -m 0755 "$staging/root" "$staging/run" "$staging/usr/local/bin"
install -d -o 10001 -g 10001 -m 0700 "$staging/var/lib/youyue"

# Every library the binaries here load must resolve inside the new root.
for binary in /usr/bin/bash /usr/bin/sleep; do
    chroot "$staging" /lib64/ld-linux-x86-64.so.2 --list "$binary" >/dev/null
done
