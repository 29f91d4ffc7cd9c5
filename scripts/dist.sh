#!/usr/bin/env bash
# Builds what is given to schools and the bureau, into dist/ (`make dist`,
# which installs the Debian packages this needs first):
#   jxj-VERSION-windows-x64-setup.exe  the Windows installer (NSIS)
#   jxj_DEBVERSION_amd64.deb           the Debian/Ubuntu package, with the hub's systemd unit
#   jxj-VERSION-linux-amd64.tar.gz     the Linux binary with its icon, .desktop, README and unit
# VERSION comes from git (scripts/version.sh) and is stamped into every
# binary with -X main.version. The sources of the packages are in
# packaging/; a Mesa opengl32.dll put in packaging/windows/mesa/ is
# shipped beside jxj.exe. Run it again: the Go build cache keeps it quick.
set -euo pipefail
export LANG=C.UTF-8 LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."

GO=${GO:-go}
version=$(scripts/version.sh)
debversion=$(scripts/version.sh deb)
winversion=$(scripts/version.sh win)
out=dist
build=$out/build
# the same dates in the archives for the same commit
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH=$epoch

rm -rf "$out"
mkdir -p "$build/windows" "$build/linux"
echo "dist: jxj $version"

# the Windows resources (icon, version, manifest) are compiled into a
# .syso beside main.go, which the Windows build links; it is build output
syso=rsrc_windows_amd64.syso
trap 'rm -f "$syso"' EXIT
convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$build/windows/jxj.ico"
cp packaging/windows/jxj.manifest "$build/windows/"
x86_64-w64-mingw32-windres --codepage=65001 -I"$build/windows" \
	-DJXJ_FILEVERSION="${winversion//./,}" -DJXJ_VERSION="\\\"$version\\\"" \
	-i packaging/windows/jxj.rc -O coff -o "$syso"

ldflags="-s -w -X main.version=$version"
echo "dist: jxj.exe (cross-compiled with mingw-w64)"
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 \
	"$GO" build -trimpath -ldflags "-H=windowsgui $ldflags" -o "$build/windows/jxj.exe" .
rm -f "$syso"
echo "dist: jxj (linux/amd64)"
CGO_ENABLED=1 GOOS=linux GOARCH=amd64 "$GO" build -trimpath -ldflags "$ldflags" -o "$build/linux/jxj" .
got=$("$build/linux/jxj" version)
[[ $got == "jxj $version" ]] || { echo "dist: jxj version says '$got', not 'jxj $version'" >&2; exit 1; }

echo "dist: Windows installer"
mesa=()
if [[ -f packaging/windows/mesa/opengl32.dll ]]; then
	mesa=(-DMESA="$PWD/packaging/windows/mesa/opengl32.dll")
	echo "dist: with Mesa's opengl32.dll"
fi
setup=$out/jxj-$version-windows-x64-setup.exe
makensis -V2 -WX -INPUTCHARSET UTF8 -DVERSION="$version" -DFILEVERSION="$winversion" \
	-DBUILD="$PWD/$build/windows" -DOUTFILE="$PWD/$setup" "${mesa[@]}" packaging/windows/jxj.nsi

# the icon in the sizes desktops look for
icons=$build/icons
for size in 16 24 32 48 64 128 256 512; do
	mkdir -p "$icons/${size}x${size}/apps"
	convert assets/icon.png -resize "${size}x${size}" -strip "$icons/${size}x${size}/apps/jxj.png"
done

echo "dist: .deb"
root=$build/deb
install -D -m 0755 "$build/linux/jxj" "$root/usr/bin/jxj"
install -D -m 0644 packaging/linux/jxj.desktop "$root/usr/share/applications/jxj.desktop"
mkdir -p "$root/usr/share/icons/hicolor"
cp -r "$icons/." "$root/usr/share/icons/hicolor/"
install -D -m 0644 packaging/linux/jxj-hub.service "$root/lib/systemd/system/jxj-hub.service"
install -D -m 0644 packaging/linux/jxj-hub.default "$root/etc/default/jxj-hub"
install -D -m 0644 packaging/linux/copyright "$root/usr/share/doc/jxj/copyright"
install -D -m 0644 README.md "$root/usr/share/doc/jxj/README.md"
install -D -m 0644 assets/fonts/OFL.txt "$root/usr/share/doc/jxj/OFL.txt"
mkdir -p "$root/DEBIAN"
install -m 0755 packaging/linux/postinst packaging/linux/prerm packaging/linux/postrm "$root/DEBIAN/"
echo /etc/default/jxj-hub >"$root/DEBIAN/conffiles"
depends=$(scripts/deb-depends.sh "$root/usr/bin/jxj")
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$debversion/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$size/" \
	packaging/linux/control >"$root/DEBIAN/control"
find "$root" -exec touch -h -d "@$epoch" {} +
deb=$out/jxj_${debversion}_amd64.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

echo "dist: .tar.gz"
name=jxj-$version-linux-amd64
tree=$build/$name
install -D -m 0755 "$build/linux/jxj" "$tree/jxj"
install -m 0644 assets/icon.png "$tree/jxj.png"
install -m 0644 packaging/linux/jxj.desktop packaging/linux/jxj-hub.service README.md "$tree/"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
	-C "$build" -czf "$out/$name.tar.gz" "$name"

rm -rf "$build"
echo "dist: built"
ls -l "$out"
