#!/usr/bin/env bash
# CI's check of `make dist`: builds dist/ (make dist installs what it
# needs), looks inside each artefact, then installs the .deb in a clean
# Debian bookworm (a minimal debootstrap chroot, made for this run and
# deleted after it) where apt must resolve its Depends, runs jxj from the
# PATH, removes and purges the package and checks that the school's data
# and the hub's data folder are still there. Any failure fails CI.
# Runs as root (debootstrap, chroot). MIRROR= picks the Debian mirror.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive
cd "$(dirname "$0")/.."
mirror=${MIRROR:-http://deb.debian.org/debian}

fail() {
	echo "dist-check: $*" >&2
	exit 1
}
step() { echo "== dist-check: $*"; }
# has FILE-LISTING WHAT: fails unless the listing has a line ending in WHAT
has() {
	grep -qE -- "$2\$" <<<"$1" || fail "$3 has no $2"
}

# what the check needs besides what make dist installs
if ! command -v debootstrap >/dev/null; then
	apt-get update -qq && apt-get install -y -qq debootstrap
fi

step "make dist"
start=$SECONDS
make dist
echo "make dist took $((SECONDS - start)) s"
version=$(scripts/version.sh)
debversion=$(scripts/version.sh deb)
setup=dist/jxj-$version-windows-x64-setup.exe
deb=dist/jxj_${debversion}_amd64.deb
tgz=dist/jxj-$version-linux-amd64.tar.gz
for f in "$setup" "$deb" "$tgz"; do
	[[ -s $f ]] || fail "make dist made no $f"
done
ls -l dist/

tmp=$(mktemp -d)
root=$tmp/root
cleanup() {
	if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc"; fi
	rm -rf "$tmp"
}
trap cleanup EXIT

step "the Windows installer (built with makensis -WX)"
listing=$(7z l "$setup")
echo "$listing"
has "$listing" ' jxj\.exe' "$setup"
has "$listing" ' uninstall\.exe' "$setup"
7z x -o"$tmp/win" "$setup" jxj.exe >/dev/null
headers=$(x86_64-w64-mingw32-objdump -p "$tmp/win/jxj.exe")
grep -qE '^Subsystem[[:space:]]+00000002' <<<"$headers" || fail "jxj.exe is not a GUI program (-H=windowsgui)"
# the version resource carries the version and 局校家, in UTF-16
hex() { od -An -tx1 -v | tr -d ' \n'; }
exehex=$(hex <"$tmp/win/jxj.exe")
for text in "$version" "局校家"; do
	grep -qF "$(printf %s "$text" | iconv -f UTF-8 -t UTF-16LE | hex)" <<<"$exehex" ||
		fail "jxj.exe's version resource has no $text"
done
unset exehex
LC_ALL=C grep -qa 'supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"' "$tmp/win/jxj.exe" ||
	fail "jxj.exe has no manifest for Windows 10/11"

step "the .deb"
dpkg-deb --info "$deb"
files=$(dpkg-deb --contents "$deb")
echo "$files"
for f in ./usr/bin/jxj ./usr/share/applications/jxj.desktop ./usr/share/icons/hicolor/256x256/apps/jxj.png \
	./lib/systemd/system/jxj-hub.service ./etc/default/jxj-hub ./usr/share/doc/jxj/copyright; do
	has "$files" " ${f//./\\.}" "$deb"
done
[[ $(dpkg-deb --field "$deb" Version) == "$debversion" ]] || fail "$deb's Version is not $debversion"
depends=$(dpkg-deb --field "$deb" Depends)
for lib in libc6 libgl1 libx11-6 libxcursor1; do
	grep -qE "(^|, )$lib( |,|$)" <<<"$depends" || fail "$deb does not depend on $lib: $depends"
done

step "the .tar.gz"
contents=$(tar -tzf "$tgz")
echo "$contents"
for f in jxj jxj.png jxj.desktop README.md jxj-hub.service; do
	has "$contents" "/$f" "$tgz"
done

step "install the .deb in a clean Debian bookworm"
start=$SECONDS
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$tmp/debootstrap.log" 2>&1 ||
	{ tail -20 "$tmp/debootstrap.log"; fail "debootstrap from $mirror failed"; }
echo "debootstrap took $((SECONDS - start)) s"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")"
got=$(in_root jxj version)
[[ $got == "jxj $version" ]] || fail "jxj version in the chroot says '$got', not 'jxj $version'"
in_root jxj demo --data /root/school
[[ -s $root/root/school/jxj.db ]] || fail "jxj demo made no /root/school/jxj.db"
in_root getent passwd jxj-hub >/dev/null || fail "the package made no user jxj-hub"
[[ $(in_root stat -c %U /var/lib/jxj-hub) == jxj-hub ]] ||
	fail "the package made no /var/lib/jxj-hub owned by jxj-hub"
# the hub runs as its user on its data folder, as the unit runs it
code=0
in_root timeout -s INT 3 runuser -u jxj-hub -- jxj serve --data /var/lib/jxj-hub --listen 127.0.0.1:0 || code=$?
[[ $code == 124 ]] || fail "jxj serve as jxj-hub stopped by itself (exit $code) before it was stopped"
[[ -s $root/var/lib/jxj-hub/hub.db ]] || fail "jxj serve as jxj-hub made no /var/lib/jxj-hub/hub.db"
# the hub is installed, neither enabled nor started
[[ ! -e $root/etc/systemd/system/multi-user.target.wants/jxj-hub.service ]] || fail "jxj-hub.service is enabled on install"

in_root apt-get remove -y -qq jxj
[[ ! -e $root/usr/bin/jxj ]] || fail "apt-get remove left /usr/bin/jxj"
[[ -s $root/root/school/jxj.db ]] || fail "apt-get remove deleted the school's data"
[[ -e $root/var/lib/jxj-hub/hub.db ]] || fail "apt-get remove deleted /var/lib/jxj-hub"
in_root apt-get purge -y -qq jxj
[[ -s $root/root/school/jxj.db ]] || fail "apt-get purge deleted the school's data"
[[ -e $root/var/lib/jxj-hub/hub.db ]] || fail "apt-get purge deleted /var/lib/jxj-hub"
[[ ! -e $root/etc/default/jxj-hub ]] || fail "apt-get purge left /etc/default/jxj-hub"
echo "dist-check: installed, ran, removed and purged jxj in a clean bookworm in $((SECONDS - start)) s; the data is kept"
