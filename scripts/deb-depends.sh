#!/usr/bin/env bash
# Prints the Depends of the jxj .deb for the binary given: the packages of
# the shared libraries it links (dpkg-shlibdeps) and those that GLFW, under
# Fyne, opens at run time with dlopen, which dpkg-shlibdeps cannot see
# (go-gl/glfw's x11_init.c and glx_context.c), with Mesa's drivers so a PC
# with no vendor driver still draws the window.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8
bin=$(realpath "$1")
dlopened="libx11-xcb1 libxcursor1 libxrandr2 libxinerama1 libxi6 libxxf86vm1 libxrender1 libgl1 libgl1-mesa-dri"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# dpkg-shlibdeps wants a debian/control to read, even an empty-ish one
mkdir -p "$tmp/debian"
printf 'Source: jxj\n\nPackage: jxj\nArchitecture: amd64\n' >"$tmp/debian/control"
linked=$(cd "$tmp" && dpkg-shlibdeps -O "$bin" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n $linked ]] || { echo "deb-depends: dpkg-shlibdeps found no libraries in $bin" >&2; exit 1; }
depends=$linked
for pkg in $dlopened; do
	grep -qE "(^|, )$pkg( |,|\$)" <<<"$linked" || depends+=", $pkg"
done
echo "$depends"
