package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/htmlindex"

	"jxj/app"
)

// An .xlsx is a zip of XML parts: the workbook lists the sheets, its
// relationships name the part of each, the shared strings hold the texts
// that cells refer to by number, and each worksheet's sheetData holds its
// rows. A book reads them itself, each part in one streaming pass, so
// that it can bound what a crafted file makes it hold: excelize reads
// every part whole into memory, parses styles and the calculation chain
// into structures many times their size, and pads each row out to its
// last cell, and a 300 KB file took gigabytes of memory there.

// The limits of a workbook, beyond what Excel makes for a school's lists.
const (
	// maxXMLBytes is how much XML a read may unpack and parse in all: a
	// 20,000-row sheet of 30 columns is about 25 MB, and the densest XML
	// takes about 2 seconds to parse for 64 MB.
	maxXMLBytes = 64 << 20
	// maxRunBytes is the longest stretch of XML without a '<' or '>' (one
	// tag or one text; Excel's longest cell, 32,767 characters, is under
	// 330 KB however it is written), and the longest row of a CSV file.
	maxRunBytes = 1 << 20
	// maxSharedStrings is how many shared strings a workbook may have: a
	// school's workbook has thousands, and each costs 4 bytes even when
	// empty (<si/>).
	maxSharedStrings = 2_000_000
	maxSheets        = 1000
	maxParts         = 10_000
	maxExcelRow      = 1_048_576
)

// book is an .xlsx opened for reading.
type book struct {
	name    string // the file's name, for messages
	zr      *zip.ReadCloser
	parts   map[string]*zip.File // by name in lower case, with forward slashes
	sheets  []bookSheet          // in the workbook's order
	strs    sharedStrings
	xmlLeft int64 // how much more XML the read may parse
}

// bookSheet is a sheet of the workbook.
type bookSheet struct {
	name   string
	hidden bool
	relID  string // its relationship in the workbook's
	part   string // the worksheet's part; "" for a chart sheet
}

// sharedStrings are a workbook's shared strings, one after the other in
// one string: a cell refers to one by number, and thousands of cells to
// the same one cost no copies.
type sharedStrings struct {
	text string
	ends []uint32 // where each string ends in text
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.text[start:s.ends[i]], true
}

// The relationship types a book follows, by the end of their URI (the
// transitional and strict forms of the format differ before it).
const (
	relOfficeDocument = "/officeDocument"
	relWorksheet      = "/worksheet"
	relSharedStrings  = "/sharedStrings"
)

// openBook opens an .xlsx and reads its list of sheets and its shared
// strings. Every error is an *app.Error.
func openBook(path, name string) (*book, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, withCause(app.Errorf(app.EINVALID, "sheets.error.corrupt", name), err)
	}
	b := &book{name: name, zr: zr, xmlLeft: maxXMLBytes}
	if err := b.load(); err != nil {
		zr.Close()
		return nil, fileError(err, "sheets.error.corrupt", name)
	}
	return b, nil
}

func (b *book) close() error { return b.zr.Close() }

func (b *book) load() error {
	if len(b.zr.File) > maxParts {
		return app.Errorf(app.EINVALID, "sheets.error.corrupt", b.name)
	}
	b.parts = make(map[string]*zip.File, len(b.zr.File))
	for _, f := range b.zr.File {
		b.parts[strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))] = f
	}
	root, err := b.relations("_rels/.rels", func(_, typ string) bool { return strings.HasSuffix(typ, relOfficeDocument) })
	if err != nil {
		return err
	}
	workbook := "xl/workbook.xml"
	for _, r := range root {
		workbook = r.target
	}
	if err := b.readSheets(workbook); err != nil {
		return err
	}
	ids := make(map[string]bool, len(b.sheets))
	for _, sh := range b.sheets {
		ids[sh.relID] = true
	}
	rels, err := b.relations(relsOf(workbook), func(id, typ string) bool {
		return ids[id] || strings.HasSuffix(typ, relSharedStrings)
	})
	if err != nil {
		return err
	}
	strs := "xl/sharedstrings.xml"
	for _, r := range rels {
		if strings.HasSuffix(r.typ, relSharedStrings) {
			strs = r.target
		}
	}
	for i := range b.sheets {
		if r, ok := rels[b.sheets[i].relID]; ok && strings.HasSuffix(r.typ, relWorksheet) {
			b.sheets[i].part = r.target
		}
	}
	return b.readSharedStrings(strs)
}

// relation is a relationship of a part: its type and the part it names.
type relation struct {
	typ, target string
}

// relsOf is the name of the relationships part of a part.
func relsOf(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// relations reads the relationships in part that keep keeps, by id, with
// their targets as part names. A missing part has none.
func (b *book) relations(part string, keep func(id, typ string) bool) (map[string]relation, error) {
	out := make(map[string]relation)
	// targets are relative to the folder of the part the relationships
	// are of: xl/_rels/workbook.xml.rels is of xl/workbook.xml
	base := path.Dir(path.Dir(part))
	err := b.scan(part, func(dec *xml.Decoder, t xml.StartElement) error {
		if t.Name.Local != "Relationship" {
			return nil
		}
		id, typ, target := attr(t, "Id"), attr(t, "Type"), attr(t, "Target")
		if !keep(id, typ) || strings.EqualFold(attr(t, "TargetMode"), "External") {
			return nil
		}
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target[1:])
		} else {
			target = path.Join(base, target)
		}
		out[id] = relation{typ: typ, target: strings.ToLower(target)}
		return nil
	})
	return out, err
}

// readSheets reads the list of sheets of the workbook part.
func (b *book) readSheets(workbook string) error {
	return b.scan(workbook, func(dec *xml.Decoder, t xml.StartElement) error {
		if t.Name.Local != "sheet" {
			return nil
		}
		if len(b.sheets) == maxSheets {
			return app.Errorf(app.EINVALID, "sheets.error.too_many_sheets", b.name, maxSheets)
		}
		sh := bookSheet{name: attr(t, "name"), hidden: attr(t, "state") == "hidden" || attr(t, "state") == "veryHidden"}
		for _, a := range t.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" { // r:id
				sh.relID = a.Value
			}
		}
		b.sheets = append(b.sheets, sh)
		return nil
	})
}

// readSharedStrings reads the shared strings part: each <si>, its text
// runs joined, without the phonetic guide (rPh) Excel keeps for CJK text.
func (b *book) readSharedStrings(part string) error {
	var text strings.Builder
	defer func() { b.strs.text = text.String() }()
	return b.scan(part, func(dec *xml.Decoder, t xml.StartElement) error {
		if t.Name.Local != "si" {
			return nil
		}
		if len(b.strs.ends) == maxSharedStrings {
			return app.Errorf(app.EINVALID, "sheets.error.corrupt", b.name)
		}
		s, err := richText(dec, "si")
		if err != nil {
			return err
		}
		if text.Len()+len(s) > maxTextBytes {
			return app.Errorf(app.EINVALID, "sheets.error.too_much_text", b.name, maxTextBytes>>20)
		}
		text.WriteString(s)
		b.strs.ends = append(b.strs.ends, uint32(text.Len()))
		return nil
	})
}

// scan calls fn with each start element of part, with the decoder
// positioned after it. A missing part has nothing.
func (b *book) scan(part string, fn func(dec *xml.Decoder, t xml.StartElement) error) error {
	dec, rc, err := b.open(part)
	if err != nil || dec == nil {
		return err
	}
	defer rc.Close()
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.StartElement); ok {
			if err := fn(dec, t); err != nil {
				return err
			}
		}
	}
}

// open returns a decoder of part's XML, or nil when there is no such
// part. A part that says it unpacks to more than the budget left is
// refused at once (the zip reader fails a part that unpacks to more than
// it says); the decoder reads through an xmlGuard.
func (b *book) open(part string) (*xml.Decoder, io.Closer, error) {
	f, ok := b.parts[part]
	if !ok {
		return nil, nil, nil
	}
	if f.UncompressedSize64 > uint64(b.xmlLeft) {
		return nil, nil, b.tooLarge()
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	dec := xml.NewDecoder(&xmlGuard{r: rc, b: b})
	// a part may declare another encoding than UTF-8, such as GBK (excelize
	// read those too)
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, err
		}
		return enc.NewDecoder().Reader(r), nil
	}
	return dec, rc, nil
}

// xmlGuard passes a part's XML to the decoder and fails the read when the
// book's XML budget runs out or the XML runs on for more than maxRunBytes
// without a '<' or '>': the decoder holds a whole tag (all its
// attributes) or a whole text in memory. The decoder is read with
// RawToken, which keeps nothing per open element, so deep nesting costs
// nothing.
type xmlGuard struct {
	r   io.Reader
	b   *book
	run int // bytes since the last '<' or '>'
}

func (g *xmlGuard) Read(p []byte) (int, error) {
	if int64(len(p)) > g.b.xmlLeft+1 {
		p = p[:g.b.xmlLeft+1]
	}
	n, err := g.r.Read(p)
	if int64(n) > g.b.xmlLeft {
		return 0, g.b.tooLarge()
	}
	g.b.xmlLeft -= int64(n)
	for _, c := range p[:n] {
		if c == '<' || c == '>' {
			g.run = 0
		} else if g.run++; g.run > maxRunBytes {
			return 0, app.Errorf(app.EINVALID, "sheets.error.corrupt", g.b.name)
		}
	}
	return n, err
}

// tooLarge is the error of a workbook whose XML is over maxXMLBytes.
func (b *book) tooLarge() error {
	return app.Errorf(app.EINVALID, "sheets.error.too_large_unpacked", b.name, maxXMLBytes>>20)
}

// attr returns the value of t's attribute named local, whatever its
// prefix.
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// richText reads the text of an element (a shared string's <si>, an
// inline string's <is>) up to its end tag: its <t> texts, directly or in
// rich-text runs, without the phonetic guide; with Excel's _xHHHH_
// escapes decoded.
func richText(dec *xml.Decoder, end string) (string, error) {
	var b strings.Builder
	inT, phonetic := false, false
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inT = !phonetic
			case "rPh":
				phonetic = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "rPh":
				phonetic = false
			case end:
				return unescapeExcel(b.String()), nil
			}
		case xml.CharData:
			if inT {
				b.Write(t)
			}
		}
	}
}

// unescapeExcel decodes the _xHHHH_ escapes Excel writes for characters
// XML cannot hold (_x000D_ for a carriage return); _x005F_ is a literal
// underscore, so _x005F_x000D_ stays _x000D_.
func unescapeExcel(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 {
			break
		}
		code, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil || s[i+6] != '_' {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(code))
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}

// sheetRows reads the rows of a worksheet as they unpack. A row's cells
// are indexed by column from 0 and hold the values as stored (numbers
// with all their digits); the slice is reused for the next row.
type sheetRows struct {
	b     *book
	dec   *xml.Decoder
	rc    io.Closer
	line  int // the current row's number
	col   int // the column of the row's last cell, from 1
	cells []string
	err   error
}

// openSheet starts reading the rows of a worksheet part; nil when the
// part is missing.
func (b *book) openSheet(part string) (*sheetRows, error) {
	dec, rc, err := b.open(part)
	if err != nil || dec == nil {
		return nil, err
	}
	return &sheetRows{b: b, dec: dec, rc: rc}, nil
}

func (r *sheetRows) next() (int, []string, bool) {
	for r.err == nil {
		tok, err := r.dec.RawToken()
		if err != nil {
			if err != io.EOF {
				r.err = err
			}
			return 0, nil, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				r.startRow(t)
			case "c":
				r.err = r.readCell(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				if len(r.cells) > 0 {
					return r.line, r.cells, true
				}
			case "sheetData":
				return 0, nil, false
			}
		}
	}
	return 0, nil, false
}

func (r *sheetRows) startRow(t xml.StartElement) {
	r.line++
	if n, err := strconv.Atoi(attr(t, "r")); err == nil && n > 0 {
		r.line = n
	}
	if r.line > maxExcelRow {
		r.err = app.Errorf(app.EINVALID, "sheets.error.corrupt", r.b.name)
	}
	r.col = 0
	r.cells = r.cells[:0]
}

// readCell reads a cell up to its end tag and puts its value, when it has
// one, into the row at its column: the one its reference names (A1, XFD7),
// else the one after the last.
func (r *sheetRows) readCell(t xml.StartElement) error {
	r.col++
	if letters := strings.TrimRight(attr(t, "r"), "0123456789"); letters != "" {
		c, err := excelize.ColumnNameToNumber(letters)
		if err != nil {
			return app.Errorf(app.EINVALID, "sheets.error.corrupt", r.b.name)
		}
		r.col = c
	}
	col := r.col
	typ := attr(t, "t")
	var v strings.Builder
	var inline string // the text of an <is>
	inV, hasInline := false, false
	for {
		tok, err := r.dec.RawToken()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				inV = true
			case "is":
				if inline, err = richText(r.dec, "is"); err != nil {
					return err
				}
				hasInline = true
			}
		case xml.CharData:
			if inV {
				v.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "c":
				if typ == "inlineStr" && hasInline {
					return r.set(col, inline)
				}
				value, err := r.value(typ, v.String())
				if err != nil {
					return err
				}
				return r.set(col, value)
			}
		}
	}
}

// value is a cell's value from its type and <v>: a shared string's text,
// or the value as stored (raw: a number with all its digits, whatever its
// display format).
func (r *sheetRows) value(typ, v string) (string, error) {
	if typ != "s" || v == "" {
		return v, nil
	}
	i, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return "", fmt.Errorf("shared string %q", v)
	}
	s, ok := r.b.strs.get(i)
	if !ok {
		return "", fmt.Errorf("shared string %d of %d", i, len(r.b.strs.ends))
	}
	return s, nil
}

// set puts a value into column col (from 1) of the row; an empty one is
// left out.
func (r *sheetRows) set(col int, value string) error {
	if value == "" {
		return nil
	}
	if col > maxColumns {
		return tooManyColumns(r.line, col)
	}
	for len(r.cells) < col {
		r.cells = append(r.cells, "")
	}
	r.cells[col-1] = value
	return nil
}

func (r *sheetRows) error() error { return r.err }
func (r *sheetRows) close() error { return r.rc.Close() }
