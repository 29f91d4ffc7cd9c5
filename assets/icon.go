package assets

import _ "embed"

// Icon is the 512×512 PNG app icon (white 家 on school blue), made by icon/make-icon.sh.
//
//go:embed icon.png
var Icon []byte
