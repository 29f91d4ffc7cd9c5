package xlsx

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jxj/app"
)

// headerScanRows is how many non-empty rows at the top of a sheet may hold
// the header: title rows, notes and a merged super-header come first.
const headerScanRows = 15

// The limits of what is read from any file, so that every file up to
// Sheets.MaxBytes is read or refused quickly and within a few hundred MB
// of memory, whatever it holds (book.go has those of a workbook's XML).
const (
	// maxColumns is how far right a cell with something in it may be: a
	// school's list is a few dozen columns wide, and every row is held
	// as wide as its last cell.
	maxColumns = 256
	// maxTextBytes is how much text the cells read may hold in all (a
	// 20,000-row list holds a few MB): the rows are kept, and the text
	// of a shared string is counted in every cell that shows it. A
	// workbook's shared strings may hold as much.
	maxTextBytes = 32 << 20
)

// rowReader yields the rows of one sheet in order (it may leave out empty
// ones), each with its row number as Excel shows it.
type rowReader interface {
	next() (line int, cells []string, ok bool)
	error() error
	close() error
}

// layoutFunc turns a header into the function that makes one T of a data
// row. It is called once per file, so the row function works on plain
// column indexes.
type layoutFunc[T any] func(h *header) func(line int, cells []string) T

// kind is the file format, told by content, not only by name.
type kind int

const (
	kindXLSX kind = iota + 1
	kindText
	kindXLS  // Excel 97-2003, WPS .et, or a web page saved as .xls
	kindLock // an encrypted (password-protected) workbook
)

var (
	xlsxExts = []string{".xlsx", ".xlsm", ".xltx", ".xltm"}
	textExts = []string{".csv", ".txt", ".tsv"}
	xlsExts  = []string{".xls", ".et", ".xlt"}
)

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic = []byte("PK\x03\x04")
	// the stream an encrypted .xlsx keeps inside its OLE container, UTF-16
	encryptedPackage = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")
)

// readTable reads the first sheet of path whose header matches sc and
// returns its data rows made by layout, the sheet's name ("" for text
// files) and the header. Every error is an *app.Error.
func readTable[T any](s *Sheets, path string, sc *schema, layout layoutFunc[T]) ([]T, string, *header, error) {
	name := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(path))
	if !slices.Contains(xlsxExts, ext) && !slices.Contains(textExts, ext) && !slices.Contains(xlsExts, ext) {
		if ext == "" {
			ext = name
		}
		return nil, "", nil, app.Errorf(app.EINVALID, "sheets.error.extension", ext)
	}
	k, err := s.sniff(path, name, ext)
	if err != nil {
		return nil, "", nil, err
	}
	switch k {
	case kindXLS:
		return nil, "", nil, app.Errorf(app.EINVALID, "sheets.error.xls", name)
	case kindLock:
		return nil, "", nil, app.Errorf(app.EINVALID, "sheets.error.encrypted", name)
	case kindText:
		rows, h, err := readTextFile(s, path, name, sc, layout)
		var e *app.Error
		if errors.As(err, &e) && slices.Contains(xlsExts, ext) && (e.Key == "sheets.error.no_header" || e.Key == "sheets.error.empty") {
			// An .xls that is not the tab-separated text some school
			// systems export under that name: a real Excel 97 file.
			return nil, "", nil, app.Errorf(app.EINVALID, "sheets.error.xls", name)
		}
		return rows, "", h, err
	}
	return readWorkbook(s, path, name, sc, layout)
}

// sniff checks the file's size and tells its format by its first bytes.
func (s *Sheets) sniff(path, name, ext string) (kind, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, openError(err, name)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, app.WrapError(err, "sheets.error.open", name)
	}
	if fi.IsDir() {
		return 0, app.Errorf(app.EINVALID, "sheets.error.not_file", name)
	}
	if fi.Size() > s.MaxBytes {
		return 0, app.Errorf(app.EINVALID, "sheets.error.too_large", mb(fi.Size()), mb(s.MaxBytes))
	}
	if fi.Size() == 0 {
		return 0, app.Errorf(app.EINVALID, "sheets.error.empty", name)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, app.WrapError(err, "sheets.error.read", name)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, oleMagic):
		// An encrypted .xlsx is an OLE file too: tell the user to remove
		// the password rather than to convert the file.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return 0, app.WrapError(err, "sheets.error.read", name)
		}
		all, err := io.ReadAll(io.LimitReader(f, s.MaxBytes))
		if err != nil {
			return 0, app.WrapError(err, "sheets.error.read", name)
		}
		if bytes.Contains(all, encryptedPackage) {
			return kindLock, nil
		}
		return kindXLS, nil
	case bytes.HasPrefix(head, zipMagic):
		return kindXLSX, nil // whatever the name says
	case looksLikeWebPage(head):
		return kindXLS, nil
	case slices.Contains(xlsxExts, ext):
		return 0, app.Errorf(app.EINVALID, "sheets.error.corrupt", name)
	}
	return kindText, nil
}

// looksLikeWebPage reports whether a file starts like HTML or MHTML, which
// many school systems export under an .xls name.
func looksLikeWebPage(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) > 0 && head[0] == '<' {
		return true
	}
	return len(head) >= 12 && strings.EqualFold(string(head[:12]), "MIME-Version")
}

func openError(err error, name string) error {
	if errors.Is(err, fs.ErrNotExist) {
		return app.Errorf(app.ENOTFOUND, "sheets.error.not_found", name)
	}
	return app.WrapError(err, "sheets.error.open", name)
}

// mb rounds a size up to whole megabytes for messages.
func mb(n int64) int64 { return (n + 1<<20 - 1) >> 20 }

// readTextFile reads a CSV (or tab- or semicolon-separated) file.
func readTextFile[T any](s *Sheets, path, name string, sc *schema, layout layoutFunc[T]) ([]T, *header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, openError(err, name)
	}
	defer f.Close()
	return readText(f, name, s.MaxRows, sc, layout)
}

// readText reads delimited text from r; name is for messages. It is the
// part of ReadRoster that FuzzReadCSV drives.
func readText[T any](r io.Reader, name string, maxRows int, sc *schema, layout layoutFunc[T]) ([]T, *header, error) {
	tr, err := newTextRows(r)
	if err != nil {
		return nil, nil, app.WrapError(err, "sheets.error.read", name)
	}
	rows, h, st, err := collect(tr, name, maxRows, sc, layout)
	if err != nil {
		return nil, nil, err
	}
	if h == nil {
		return nil, nil, noHeader(st, sc, name)
	}
	return rows, h, nil
}

// readWorkbook reads the first sheet of an .xlsx whose header matches sc:
// visible sheets first, in their order, then hidden ones. A sheet is read
// in one streaming pass; sheets without the header are left after their
// first rows.
func readWorkbook[T any](s *Sheets, path, name string, sc *schema, layout layoutFunc[T]) ([]T, string, *header, error) {
	b, err := openBook(path, name)
	if err != nil {
		return nil, "", nil, err
	}
	defer b.close()
	if len(b.sheets) == 0 {
		return nil, "", nil, app.Errorf(app.EINVALID, "sheets.error.corrupt", name)
	}
	var visible, hidden []bookSheet
	for _, sh := range b.sheets {
		if sh.hidden {
			hidden = append(hidden, sh)
		} else {
			visible = append(visible, sh)
		}
	}
	var st scanState
	for _, sh := range append(visible, hidden...) {
		rows, err := b.openSheet(sh.part)
		if err != nil {
			return nil, "", nil, fileError(err, "sheets.error.read", name)
		}
		if rows == nil {
			continue // a chart sheet, or a part that is missing: not where a table is
		}
		out, h, sst, err := collect(rows, name, s.MaxRows, sc, layout)
		_ = rows.close()
		if err != nil {
			return nil, "", nil, err
		}
		st.nonEmpty += sst.nonEmpty
		if h != nil {
			return out, sh.name, h, nil
		}
	}
	return nil, "", nil, noHeader(st, sc, name)
}

// tooManyColumns is the error of a row with something in column col,
// beyond maxColumns.
func tooManyColumns(line, col int) error {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		name = strconv.Itoa(col)
	}
	return app.Errorf(app.EINVALID, "sheets.error.too_many_columns", line, name, maxColumns)
}

// textLimit passes on the rows of a reader until their cells hold more
// than maxTextBytes of text.
type textLimit struct {
	rowReader
	name string
	text int
	err  error
}

func (t *textLimit) next() (int, []string, bool) {
	if t.err != nil {
		return 0, nil, false
	}
	line, cells, ok := t.rowReader.next()
	for _, c := range cells {
		t.text += len(c)
	}
	if t.text > maxTextBytes {
		t.err = app.Errorf(app.EINVALID, "sheets.error.too_much_text", t.name, maxTextBytes>>20)
		return 0, nil, false
	}
	return line, cells, ok
}

func (t *textLimit) error() error {
	if t.err != nil {
		return t.err
	}
	return t.rowReader.error()
}

// fileError is the error of a file that could not be read: err itself
// when it is one for the user (a limit), else key's about the file name,
// with err kept for the logs.
func fileError(err error, key, name string) *app.Error {
	var e *app.Error
	if errors.As(err, &e) {
		return e
	}
	return withCause(app.Errorf(app.EINVALID, key, name), err)
}

// scanState is what a search for the header saw, for the message when
// there is none.
type scanState struct {
	nonEmpty int // non-empty rows looked at
}

func noHeader(st scanState, sc *schema, name string) error {
	if st.nonEmpty == 0 {
		return app.Errorf(app.EINVALID, "sheets.error.empty", name)
	}
	if sc.noHeaderKey != "" {
		return app.Errorf(app.EINVALID, sc.noHeaderKey, headerScanRows)
	}
	return app.Errorf(app.EINVALID, "sheets.error.no_header", headerScanRows, sc.requiredName, sc.examples)
}

type bufferedRow struct {
	line  int
	cells []string
}

// collect finds the header among the first non-empty rows of rr and makes
// a T of every data row after it that has something in a recognised
// column. The header is nil when rr has none.
func collect[T any](rr rowReader, name string, maxRows int, sc *schema, layout layoutFunc[T]) ([]T, *header, scanState, error) {
	rr = &textLimit{rowReader: rr, name: name}
	var st scanState
	var top []bufferedRow
	for len(top) < headerScanRows {
		line, cells, ok := rr.next()
		if !ok {
			break
		}
		if blank(cells) {
			continue
		}
		top = append(top, bufferedRow{line, slices.Clone(cells)})
	}
	if err := rr.error(); err != nil {
		return nil, nil, st, fileError(err, "sheets.error.read", name)
	}
	st.nonEmpty = len(top)
	best, at, span := header{}, -1, 1
	for i, r := range top {
		if h := matchHeader(r.cells, sc); h.score > best.score {
			best, at = h, i
		}
	}
	// A header over two rows: 学号 | 姓名 | 班级 | 家长信息 (merged) above
	// the guardian's 姓名 | 关系 | 电话. It wins only when the two rows
	// together name more columns than any row alone.
	for i := 0; i+1 < len(top); i++ {
		if top[i+1].line != top[i].line+1 {
			continue
		}
		if h := matchHeader(stackRows(top[i].cells, top[i+1].cells), sc); h.score > best.score {
			best, at, span = h, i, 2
		}
	}
	if at < 0 {
		return nil, nil, st, nil
	}
	at += span - 1
	best.line = top[at].line
	h := &best
	used := h.used()
	makeRow := layout(h)
	var out []T
	add := func(line int, cells []string) error {
		if repeatsHeader(cells, used, h.columns) {
			return nil // class lists pasted one under another, each with its header
		}
		for _, i := range used {
			if i < len(cells) && strings.TrimSpace(cells[i]) != "" {
				if len(out) >= maxRows {
					return app.Errorf(app.EINVALID, "sheets.error.too_many_rows", maxRows)
				}
				out = append(out, makeRow(line, cells))
				return nil
			}
		}
		return nil // blank in every column we read
	}
	for _, r := range top[at+1:] {
		if err := add(r.line, r.cells); err != nil {
			return nil, nil, st, err
		}
	}
	for {
		line, cells, ok := rr.next()
		if !ok {
			break
		}
		if err := add(line, cells); err != nil {
			return nil, nil, st, err
		}
	}
	if err := rr.error(); err != nil {
		return nil, nil, st, fileError(err, "sheets.error.read", name)
	}
	if len(out) == 0 {
		return nil, nil, st, app.Errorf(app.EINVALID, "sheets.error.no_rows", h.line)
	}
	return out, h, st, nil
}

// stackRows lays lower over upper: a cell of lower where it has one, else
// the cell of upper.
func stackRows(upper, lower []string) []string {
	out := make([]string, max(len(upper), len(lower)))
	for i := range out {
		out[i] = cell(lower, i)
		if strings.TrimSpace(out[i]) == "" {
			out[i] = cell(upper, i)
		}
	}
	return out
}

// repeatsHeader reports whether a row holds the header's names again in
// the header's columns; used and names are in the same order.
func repeatsHeader(cells []string, used []int, names []string) bool {
	for k, i := range used {
		if strings.TrimSpace(cell(cells, i)) != names[k] {
			return false
		}
	}
	return true
}

// blank reports whether a row has nothing but spaces.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cell returns cells[i], or "" when the row is shorter or i is -1.
func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// withCause keeps the lower error of a user's error for the logs.
func withCause(e *app.Error, err error) *app.Error {
	e.Err = err
	return e
}
