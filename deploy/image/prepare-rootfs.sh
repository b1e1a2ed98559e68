#!/usr/bin/env bash
# Builds the files that the operator image adds on top of `scratch` (run by `mvn -Pimage package`):
# a JRE made by jlink from the build's JDK, the shared libraries that JRE links against (glibc,
# libstdc++, libz ...) copied from the build host, /etc/passwd with the non-root user 65532, and
# an empty /tmp. Nothing is pulled from a registry, so the image builds offline.
#
# Usage: prepare-rootfs.sh OUTPUT_DIR [JAVA_HOME]
# The image runs on the build host's architecture (linux/amd64 here).
set -euo pipefail

out="$1"
java_home="${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"

# What the operator's dependencies use: HTTP clients and TLS (net.http, crypto.ec, security.jgss,
# naming for JNDI-style lookups in logback), probes (jdk.httpserver), JVM metrics (management),
# Netty/Vert.x (jdk.unsupported), Jackson's java.sql bridge, XML parsing.
modules="java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,\
java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported,\
jdk.naming.dns,jdk.zipfs"

rm -rf "$out"
mkdir -p "$out/opt" "$out/tmp" "$out/etc"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$out/opt/java"

# Some distributions (Debian) link the JDK's security files into /etc: keep real copies.
find "$out/opt/java" -type l | while read -r link; do
  cp --remove-destination -L "$(readlink -f "$link")" "$link" 2>/dev/null || cp --remove-destination -L "$java_home/${link#"$out/opt/java/"}" "$link"
done
if [ ! -s "$out/opt/java/lib/security/cacerts" ]; then
  echo "no cacerts in the jlink'd JRE" >&2
  exit 1
fi

# The shared libraries of the launcher and of every native library of the JRE, and the loader.
{
  echo "$out/opt/java/bin/java"
  find "$out/opt/java" -name '*.so'
} | while read -r binary; do
  ldd "$binary" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'
done | sort -u | while read -r lib; do
  case "$lib" in "$out"/*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
chmod 1777 "$out/tmp"
