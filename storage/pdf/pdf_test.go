package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"

	"jxj/app"
	"jxj/app/i18n"
)

const (
	testSchool = "城关镇第一中心小学"
	testTitle  = "关于期末考试安排的通知"
)

// testPrint is a notice that needs acknowledging, with n receipts of
// students with distinct names (for n ≤ 45) and fresh slip codes.
func testPrint(n int) app.NoticePrint {
	surnames := []rune("王李张刘陈杨黄赵吴")
	given := []string{"小明", "子涵", "欣怡", "浩然", "梓轩"}
	p := app.NoticePrint{
		School: testSchool,
		Notice: &app.Notice{
			Title:       testTitle,
			Body:        "各位家长：\n　　本学期期末考试定于1月12日至14日举行，请督促孩子带好2B铅笔。\n\n特此通知。",
			RequiresAck: true,
			Deadline:    time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local),
			PublishedAt: time.Date(2026, 11, 20, 9, 30, 0, 0, time.Local),
			Attachments: []app.Attachment{{Name: "考试时间表.xlsx"}, {Name: "致家长的一封信.pdf"}},
		},
	}
	for i := range n {
		p.Receipts = append(p.Receipts, app.Receipt{
			Code:        app.NewSlipCode(),
			StudentID:   int64(i + 1),
			StudentName: string(surnames[i/len(given)%len(surnames)]) + given[i%len(given)],
			ClassLabel:  "三年级(2)班",
		})
	}
	return p
}

// readPages checks that path holds a whole PDF and returns the text of
// each page as a PDF reader's search and copy see it: through the
// fonts' ToUnicode maps.
func readPages(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("%s starts with %q, want %%PDF-", path, data[:min(len(data), 8)])
	}
	if !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
		t.Fatalf("%s does not end with %%%%EOF", path)
	}
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		text, err := r.Page(i).GetPlainText(nil)
		if err != nil {
			t.Fatalf("reading the text of page %d: %v", i, err)
		}
		pages = append(pages, text)
	}
	return pages
}

// slipPages is how many pages n slips take.
func slipPages(n int) int { return (n + slipsPerPage - 1) / slipsPerPage }

func TestPrintNotice(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	p := testPrint(45)
	path := filepath.Join(t.TempDir(), "期末考试通知.pdf")
	if err := New().PrintNotice(path, p); err != nil {
		t.Fatalf("PrintNotice: %v", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("45 slips: %d bytes", info.Size())
	if info.Size() > 1<<20 {
		t.Errorf("the PDF is %d bytes, want under 1 MB (only the glyphs used embedded)", info.Size())
	}

	pages := readPages(t, path)
	if got, want := len(pages), 1+slipPages(45); got != want {
		t.Fatalf("%d pages, want %d (the notice and 5 slips a page)", got, want)
	}
	for _, want := range []string{
		testSchool, testTitle, "发布日期：2026-11-20", "请于 2026-11-25 前回执",
		"本学期期末考试定于1月12日至14日举行", "特此通知。", "附件：", "1. 考试时间表.xlsx", "2. 致家长的一封信.pdf",
	} {
		if !strings.Contains(pages[0], want) {
			t.Errorf("page 1 does not show %q; it reads:\n%s", want, pages[0])
		}
	}
	for i, r := range p.Receipts {
		page := pages[1+i/slipsPerPage]
		for _, want := range []string{app.FormatSlipCode(r.Code), "学生：" + r.StudentName} {
			if !strings.Contains(page, want) {
				t.Errorf("slip %d: page %d does not show %q; it reads:\n%s", i, 2+i/slipsPerPage, want, page)
			}
		}
	}
	for i, page := range pages[1:] {
		for _, want := range []string{"《" + testTitle + "》回执", "学校：" + testSchool, "班级：三年级(2)班", "□ 已阅读并知悉", "家长签名："} {
			if got := strings.Count(page, want); got != slipsPerPage {
				t.Errorf("page %d shows %q %d times, want once per slip (%d)", i+2, want, got, slipsPerPage)
			}
		}
		if got, want := strings.Count(page, "沿虚线剪下"), 2*slipsPerPage-1; got != want {
			t.Errorf("page %d shows 沿虚线剪下 %d times, want %d (a hint on each slip, a label on each cut line)", i+2, got, want)
		}
	}
}

// TestPrintNoticePages checks that a long body runs over several pages
// without losing a line, and that the slips start on a page of their own.
func TestPrintNoticePages(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	var long strings.Builder
	const paragraphs = 250
	for i := range paragraphs {
		fmt.Fprintf(&long, "〔%d〕请家长督促孩子按时完成寒假作业，注意用电、用火和交通安全，外出时告知家人去向。\n", i+1)
	}
	if n := utf8.RuneCountInString(long.String()); n > app.MaxNoticeBody {
		t.Fatalf("the long body has %d characters, more than a notice may have", n)
	}
	tests := []struct {
		name        string
		body        string
		receipts    int
		noticePages int
	}{
		{"no receipts", "请阅读。", 0, 1},
		{"one slip", "请阅读。", 1, 1},
		{"a full page of slips", "请阅读。", 5, 1},
		{"one slip more than a page", "请阅读。", 6, 1},
		{"a long body", long.String(), 7, 0}, // 0: more than one
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPrint(tt.receipts)
			p.Notice.Body = tt.body
			path := filepath.Join(t.TempDir(), "n.pdf")
			if err := New().PrintNotice(path, p); err != nil {
				t.Fatalf("PrintNotice: %v", err)
			}
			pages := readPages(t, path)
			noticePages := len(pages) - slipPages(tt.receipts)
			switch {
			case tt.noticePages == 0 && noticePages < 2:
				t.Errorf("the notice takes %d pages, want several", noticePages)
			case tt.noticePages > 0 && noticePages != tt.noticePages:
				t.Errorf("the notice takes %d pages (%d in all), want %d", noticePages, len(pages), tt.noticePages)
			}
			for i, page := range pages {
				isSlips := strings.Contains(page, "回执码")
				if isSlips != (i >= noticePages) {
					t.Errorf("page %d: shows slips %v, want %v (the notice first, then %d pages of slips)", i+1, isSlips, !isSlips, slipPages(tt.receipts))
				}
			}
			if tt.noticePages == 0 {
				text := strings.Join(pages[:noticePages], "")
				for i := range paragraphs {
					if !strings.Contains(text, fmt.Sprintf("〔%d〕", i+1)) {
						t.Errorf("paragraph %d of the body is missing", i+1)
					}
				}
			}
		})
	}
}

// TestPrintNoticeLineBreaking checks that the notice's body wraps by the
// rules of app/linebreak: each paragraph fills the line with 各 up to a
// number and its unit, a closing or an opening mark, and the printed
// lines keep each together as the rules say.
func TestPrintNoticeLineBreaking(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	fill := strings.Repeat("各", 39) // 39 characters of 12 pt leave room for one more on a line
	p := testPrint(0)
	p.Notice.Body = strings.Join([]string{
		fill + "50 米跑步", // 50 fits, 米 does not: the number goes with its unit
		fill + "请。",     // 请 fits, 。 does not: it takes 请 along
		fill + "《守则》",   // 《 fits: it goes with 守则
	}, "\n")
	path := filepath.Join(t.TempDir(), "n.pdf")
	if err := New().PrintNotice(path, p); err != nil {
		t.Fatalf("PrintNotice: %v", err)
	}
	text := readPages(t, path)[0]
	for _, want := range []string{"\n50 米跑步\n", "\n请。\n", "\n《守则》\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the body does not print a line %q; it reads:\n%s", strings.Trim(want, "\n"), text)
		}
	}
}

// TestPrintNoticeOddInput checks that odd notices and names still give a
// readable PDF.
func TestPrintNoticeOddInput(t *testing.T) {
	i18n.SetLanguage(i18n.Chinese)
	longTitle := strings.Repeat("关于做好寒假期间学生安全教育工作的通知", 10)
	tests := []struct {
		name  string
		edit  func(p *app.NoticePrint)
		want  []string // in the text of the whole document
		plain bool     // the text cannot be read back (see the case)
	}{
		{"empty notice without slips", func(p *app.NoticePrint) {
			*p = app.NoticePrint{Notice: &app.Notice{}}
		}, nil, false},
		{"a very long title", func(p *app.NoticePrint) {
			p.Notice.Title = longTitle
		}, []string{"关于做好寒假期间学生安全教育工作的通知关于做好", "…》回执"}, false},
		{"characters the font lacks", func(p *app.NoticePrint) {
			p.School = "第一小学🏫"
			p.Receipts[0].StudentName = "陈😀"
			p.Receipts[1].StudentName = "赵𠀀" // CJK Extension B, not in the subset
		}, []string{"学校：第一小学□", "学生：陈□", "学生：赵□"}, false},
		{"control characters and joiners", func(p *app.NoticePrint) {
			p.Notice.Body = "第一行\x00\t第二行\r\n第三行\x1b"
			p.Receipts[0].StudentName = "王\u200d小明\ufe0f"
		}, []string{"第一行    第二行\n第三行", "学生：王小明"}, false},
		{"a staff member's slip", func(p *app.NoticePrint) {
			p.Receipts[0] = app.Receipt{Code: p.Receipts[0].Code, StaffID: 7, StaffName: "周老师"}
		}, []string{"教职工：周老师", "本人签名："}, false},
		{"no acknowledgement needed", func(p *app.NoticePrint) {
			p.Notice.RequiresAck = false
		}, []string{"截止日期：2026-11-25"}, false},
		// A rare character the font has, outside the BMP: it is drawn, but
		// gopdf (v0.33.0) writes its ToUnicode entry as five hex digits,
		// which the extraction library rejects (poppler reads all the
		// other text), so only the file itself is checked.
		{"a CJK Extension B character in the font", func(p *app.NoticePrint) {
			p.Receipts[0].StudentName = "刘𬌗"
		}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPrint(2)
			tt.edit(&p)
			path := filepath.Join(t.TempDir(), "n.pdf")
			if err := New().PrintNotice(path, p); err != nil {
				t.Fatalf("PrintNotice: %v", err)
			}
			if tt.plain {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
					t.Errorf("%s is not a whole PDF", path)
				}
				return
			}
			text := strings.Join(readPages(t, path), "\n")
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF does not show %q; it reads:\n%s", want, text)
				}
			}
		})
	}
}

// TestFontCoverage checks what the odd-input cases take for granted
// about the bundled font, and that the stand-ins it uses exist.
func TestFontCoverage(t *testing.T) {
	d, err := newDoc()
	if err != nil {
		t.Fatal(err)
	}
	d.font(regular, 12)
	for _, tt := range []struct {
		r    rune
		want bool
	}{{missingGlyph, true}, {'…', true}, {'𬌗', true}, {'😀', false}, {'🏫', false}, {'𠀀', false}} {
		got, err := d.gp.IsCurrFontContainGlyph(tt.r)
		if err != nil || got != tt.want {
			t.Errorf("font has %q: %v (%v), want %v", tt.r, got, err, tt.want)
		}
	}
}

func TestPrintNoticeEnglish(t *testing.T) {
	i18n.SetLanguage(i18n.English)
	t.Cleanup(func() { i18n.SetLanguage(i18n.Chinese) })
	p := testPrint(1)
	path := filepath.Join(t.TempDir(), "n.pdf")
	if err := New().PrintNotice(path, p); err != nil {
		t.Fatalf("PrintNotice: %v", err)
	}
	text := strings.Join(readPages(t, path), "\n")
	for _, want := range []string{testTitle, "Please return the receipt slip by 2026-11-25", "Slip code", "Student: " + p.Receipts[0].StudentName} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q; it reads:\n%s", want, text)
		}
	}
}

func TestPrintNoticeErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		p    app.NoticePrint
		code string
		key  string
	}{
		{"missing folder", filepath.Join(dir, "missing", "n.pdf"), testPrint(1), app.EINTERNAL, "pdf.error.write"},
		{"path is a folder", dir, testPrint(1), app.EINTERNAL, "pdf.error.write"},
		{"no notice", filepath.Join(dir, "n.pdf"), app.NoticePrint{School: testSchool}, app.EINVALID, "pdf.error.no_notice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New().PrintNotice(tt.path, tt.p)
			var e *app.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Key != tt.key {
				t.Fatalf("PrintNotice(%s) = %v, want a %s error %s", tt.path, err, tt.code, tt.key)
			}
		})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("failed prints left %d files behind, e.g. %s", len(entries), entries[0].Name())
	}
}

// BenchmarkPrintNotice5000 prints a school-wide notice: 5,000 slips.
func BenchmarkPrintNotice5000(b *testing.B) {
	p := testPrint(5000)
	path := filepath.Join(b.TempDir(), "n.pdf")
	for b.Loop() {
		if err := New().PrintNotice(path, p); err != nil {
			b.Fatal(err)
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(info.Size())/1e6, "MB")
}
