package app

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// DirectoryIndex answers search-as-you-type over the parent directory in
// memory: by name, student number, phone digits or pinyin (initials such
// as "zs" or full pinyin such as "zhangsan") of a student or guardian.
// Masked phones are indexed as shown, so a search never reveals hidden
// digits.
type DirectoryIndex struct {
	entries []DirectoryEntry
	keys    []searchKey
}

type searchKey struct {
	text   string // names and student number, lower case
	digits string // student number and visible phone digits
	pinyin string // per name: initials and full pinyin, space separated
}

// NewDirectoryIndex builds the index; entries are kept, not copied.
func NewDirectoryIndex(entries []DirectoryEntry) *DirectoryIndex {
	ix := &DirectoryIndex{entries: entries, keys: make([]searchKey, len(entries))}
	py := newPinyinCache()
	for i, e := range entries {
		var text, digits, pys strings.Builder
		text.WriteString(strings.ToLower(e.Name) + "\x00" + strings.ToLower(e.StudentNo))
		digits.WriteString(e.StudentNo)
		pys.WriteString(py.of(e.Name))
		for _, g := range e.Guardians {
			text.WriteString("\x00" + strings.ToLower(g.Name))
			digits.WriteString("\x00" + visibleDigits(g.Phone))
			pys.WriteString(" " + py.of(g.Name))
		}
		ix.keys[i] = searchKey{text: text.String(), digits: digits.String(), pinyin: pys.String()}
	}
	return ix
}

// Search returns the indexes of the entries in class classID (0 for every
// class) that match every word of query, in directory order. An empty
// query matches all.
func (ix *DirectoryIndex) Search(query string, classID int64) []int {
	words := strings.Fields(strings.ToLower(NarrowText(query)))
	out := make([]int, 0, 64)
	for i := range ix.entries {
		if classID != 0 && ix.entries[i].ClassID != classID {
			continue
		}
		if ix.keys[i].matches(words) {
			out = append(out, i)
		}
	}
	return out
}

func (k *searchKey) matches(words []string) bool {
	for _, w := range words {
		if !k.matchesWord(w) {
			return false
		}
	}
	return true
}

func (k *searchKey) matchesWord(w string) bool {
	if strings.Contains(k.text, w) {
		return true
	}
	if isDigits(w) {
		return strings.Contains(k.digits, w)
	}
	if isLetters(w) {
		// initials or full pinyin match from the start of a name
		return strings.HasPrefix(k.pinyin, w) || strings.Contains(k.pinyin, " "+w)
	}
	return false
}

// visibleDigits keeps the digits of a phone up to the mask: the digits
// after the stars are indexed separately so "1234" finds 138****1234 but
// "3812" does not cross the stars.
func visibleDigits(phone string) string {
	return strings.ReplaceAll(phone, "*", "\x00")
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return s != ""
}

// pinyinCache converts names to "initials fullpinyin" with a per-rune
// cache: 10,000 names share a few thousand characters.
type pinyinCache struct {
	args  pinyin.Args
	runes map[rune]string
}

func newPinyinCache() *pinyinCache {
	return &pinyinCache{args: pinyin.NewArgs(), runes: make(map[rune]string)}
}

// of returns the initials and the full pinyin of a name, e.g. 张三 →
// "zs zhangsan"; characters without pinyin are kept as they are (lower
// case), so Latin names still match.
func (c *pinyinCache) of(name string) string {
	var initials, full strings.Builder
	for _, r := range name {
		p, ok := c.runes[r]
		if !ok {
			if unicode.Is(unicode.Han, r) {
				if ps := pinyin.SinglePinyin(r, c.args); len(ps) > 0 {
					p = ps[0]
				}
			} else if !unicode.IsSpace(r) {
				p = strings.ToLower(string(r))
			}
			c.runes[r] = p
		}
		if p != "" {
			initials.WriteByte(p[0])
			full.WriteString(p)
		}
	}
	return initials.String() + " " + full.String()
}
