package assets

import _ "embed"

// FontRegular is Noto Sans SC Regular, subset (GB2312 + 通用规范汉字表) and converted to TrueType outlines; SIL OFL 1.1, see fonts/README.md.
//
//go:embed fonts/NotoSansSC-jxj-Regular.ttf
var FontRegular []byte

// FontBold is the Bold weight of the same subset as FontRegular.
//
//go:embed fonts/NotoSansSC-jxj-Bold.ttf
var FontBold []byte
