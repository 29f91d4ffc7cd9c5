// Package assets embeds the files jxj ships inside its binary: the app
// icon, the CJK font subset (see fonts/README.md for how it is made and its
// licence) and the translation files.
package assets

import (
	"embed"
	_ "embed"
)

// I18n holds the translations: i18n/<language>/<area>.json, flat keys.
//
//go:embed i18n
var I18n embed.FS
