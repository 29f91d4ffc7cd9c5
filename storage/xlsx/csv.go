package xlsx

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"jxj/app"
)

// sniffSize is how much of a text file decides its encoding and delimiter.
const sniffSize = 64 << 10

// decodeText returns r as UTF-8. Excel on Chinese Windows saves "CSV" in
// GB18030 (GBK), "CSV UTF-8" with a byte-order mark and "Unicode text" in
// UTF-16 with a byte-order mark; the first 64 KB decide: a BOM, else valid
// UTF-8, else GB18030.
func decodeText(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		return br, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), nil
	}
	if len(head) == sniffSize {
		head = trimPartialRune(head)
	}
	if utf8.Valid(head) {
		return br, nil
	}
	return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), nil
}

// trimPartialRune drops a UTF-8 sequence cut off at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// sniffDelimiter picks the field separator from the first lines of a text
// file: the one of ',', '\t' and ';' that a line holds most of, outside
// quotes. Title rows above the header have none, so the busiest line (the
// header or a data row) decides. Commas win ties.
func sniffDelimiter(head []byte) rune {
	best, bestN := ',', 0
	for _, d := range []byte{',', '\t', ';'} {
		n := 0
		lines := 0
		for line := range bytes.Lines(head) {
			if lines++; lines > 20 {
				break
			}
			c, quoted := 0, false
			for _, b := range line {
				switch b {
				case '"':
					quoted = !quoted
				case d:
					if !quoted {
						c++
					}
				}
			}
			n = max(n, c)
		}
		if n > bestN {
			best, bestN = rune(d), n
		}
	}
	return best
}

// textRows reads the records of a delimited text file (CSV, tab- or
// semicolon-separated) in any of the encodings decodeText knows. Lines
// are numbered as Excel shows the file: blank lines count, a quoted cell
// with line breaks is one row.
type textRows struct {
	r        *csv.Reader
	line     int // the row of the last record
	nextLine int // the physical line after the last record
	err      error
}

func newTextRows(r io.Reader) (*textRows, error) {
	dec, err := decodeText(r)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(dec, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	var in io.Reader = br
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		in = crReader{br} // old Mac line ends
	}
	comma := sniffDelimiter(head)
	cr := csv.NewReader(&rowGuard{r: in, comma: byte(comma), start: 1})
	cr.Comma = comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &textRows{r: cr, nextLine: 1}, nil
}

// crReader turns carriage returns into line feeds.
type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

func (t *textRows) next() (int, []string, bool) {
	if t.err != nil {
		return 0, nil, false
	}
	rec, err := t.r.Read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			t.err = err
		}
		return 0, nil, false
	}
	// csv.Reader skips empty lines; Excel shows them as rows.
	start, _ := t.r.FieldPos(0)
	last := len(rec) - 1
	end, _ := t.r.FieldPos(last)
	end += strings.Count(rec[last], "\n")
	t.line += 1 + max(start-t.nextLine, 0)
	t.nextLine = end + 1
	// Excel writes a row as wide as the sheet's widest: the empty fields
	// at the end are dropped, and something beyond maxColumns refused.
	for last >= 0 && rec[last] == "" {
		last--
	}
	if last >= maxColumns {
		t.err = tooManyColumns(t.line, last+1)
		return 0, nil, false
	}
	return t.line, rec[:last+1], true
}

func (t *textRows) error() error { return t.err }
func (t *textRows) close() error { return nil }

// rowGuard passes delimited text on to csv.Reader and fails the read at a
// row longer than maxRunBytes: csv.Reader holds a whole row, and a file
// of commas would be one row of millions of fields. It follows
// csv.Reader's quoting (with LazyQuotes) to tell where a row ends, as a
// quoted field may hold line breaks.
type rowGuard struct {
	r     io.Reader
	comma byte
	state quoteState
	size  int // bytes of the row so far
	line  int // line breaks so far
	start int // the line the row starts on, from 1
}

// quoteState is where a rowGuard is in a row.
type quoteState int

const (
	fieldStart    quoteState = iota
	unquoted                 // in a field that does not start with a quote
	quoted                   // in a quoted field
	quoteInQuoted            // after a quote in a quoted field: its end, or the first of ""
)

func (g *rowGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			g.line++
		}
		end := false
		switch g.state {
		case fieldStart, unquoted:
			switch {
			case c == '\n':
				end = true
			case c == g.comma:
				g.state = fieldStart
			case c == '"' && g.state == fieldStart:
				g.state = quoted
			default:
				g.state = unquoted
			}
		case quoted:
			if c == '"' {
				g.state = quoteInQuoted
			}
		case quoteInQuoted:
			switch c {
			case '\n':
				end = true
			case g.comma:
				g.state = fieldStart
			case '\r':
				// the \r of a \r\n, which csv.Reader reads as \n
			default:
				g.state = quoted // "" or, lazily, a stray quote
			}
		}
		if end {
			g.state, g.size, g.start = fieldStart, 0, g.line+1
			continue
		}
		if g.size++; g.size > maxRunBytes {
			return 0, app.Errorf(app.EINVALID, "sheets.error.row_too_long", g.start, maxRunBytes>>20)
		}
	}
	return n, err
}
