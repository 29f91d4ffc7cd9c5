#!/usr/bin/env bash
# Prints jxj's version from git, for -X main.version and the artefact names.
#   on a tag v1.2.3, clean:         1.2.3
#   5 commits after v1.2.3:          1.2.3-5-gabc1234   (git describe)
#   no tag yet:                      0.1.0-dev.320.gabc1234  (320 commits so far)
# with -dirty added when the work tree has changes. With `deb` or `win` as
# its argument it prints the same version as a Debian package version
# (sorts by the commit count; a dev version sorts before its release) or
# as the four numbers of a Windows file version.
set -euo pipefail
cd "$(dirname "$0")/.."

if desc=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
	version=${desc#v}
	base=${version%%-*}
	count=$(git rev-list --count "$(git describe --tags --match 'v[0-9]*' --abbrev=0)..HEAD")
else
	base=0.1.0
	count=$(git rev-list --count HEAD 2>/dev/null || echo 0)
	hash=$(git rev-parse --short=7 HEAD 2>/dev/null || echo unknown)
	dirty=$(git diff --quiet HEAD 2>/dev/null || echo -dirty)
	version=$base-dev.$count.g$hash$dirty
fi

case "${1:-}" in
"") echo "$version" ;;
deb)
	# 0.1.0-dev.320.gabc → 0.1.0~dev.320.gabc; 1.2.3-5-gabc → 1.2.3+5.gabc
	if [[ $version == *-dev.* ]]; then
		echo "${version/-dev./\~dev.}" | tr -- - .
	elif [[ $version == *-* ]]; then
		rest=${version#*-}
		echo "$base+${rest//-/.}"
	else
		echo "$version"
	fi
	;;
win)
	IFS=. read -r major minor patch <<<"$base"
	echo "${major:-0}.${minor:-0}.${patch:-0}.$((count > 65535 ? 65535 : count))"
	;;
*)
	echo "usage: $0 [deb|win]" >&2
	exit 2
	;;
esac
