//go:build linux

package xlsx

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// The readers of the files a school picks (rosters, class and staff lists,
// score sheets, form answers, returned receipts; .xlsx and .csv) must read
// or refuse any file up to the size limit within extraMemoryBudget of
// memory above what reading a small good file takes, and in a few seconds.
// The hostile files below are built by the test, small on disk, each in
// the shape of a file that once blew up; each is read in a child process
// (this test binary run again) that reports its peak resident memory
// (from /proc: the test runs on Linux).
const (
	extraMemoryBudget = 256 << 20
	hostileTimeout    = 60 * time.Second
	hostileEnv        = "JXJ_XLSX_HOSTILE_FILE"
	// memoryCeiling stops a child that is far over the budget already:
	// the machine is shared.
	memoryCeiling = 1 << 30
)

// hostileFile is a crafted file and what reading it must end in.
type hostileFile struct {
	name  string
	ext   string
	write func(w io.Writer) error
	// refusal is the error every reader must refuse the file with; ""
	// when it holds nothing beyond the limits (it is read, or refused for
	// what it is, such as a header without rows)
	refusal string
}

func TestHostileFiles(t *testing.T) {
	if path := os.Getenv(hostileEnv); path != "" {
		readWithEveryReader(path)
		return
	}
	dir := t.TempDir()
	small := filepath.Join(dir, "small.xlsx")
	if err := WriteRosterFixture(small, 200); err != nil {
		t.Fatal(err)
	}
	base := measureRead(t, small)
	t.Logf("baseline: a 200-student roster read by the six readers: peak %d MB, %v", base.peak>>20, base.took)
	check := func(t *testing.T, name, path string, want func(reader, result string) bool) {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		m := measureRead(t, path)
		extra := m.peak - base.peak
		t.Logf("%s (%d KB on disk): %d MB above the baseline, %v; %s", name, fi.Size()>>10, extra>>20, m.took.Round(time.Millisecond), strings.Join(m.results, "; "))
		if extra > extraMemoryBudget {
			t.Errorf("%s took %d MB of extra memory, want at most %d MB", name, extra>>20, extraMemoryBudget>>20)
		}
		if len(m.results) != 6 {
			t.Fatalf("%d readers reported, want 6", len(m.results))
		}
		for _, r := range m.results {
			reader, result, _ := strings.Cut(r, ": ")
			if !want(reader, result) {
				t.Errorf("%s read as %s: %s", name, reader, result)
			}
		}
	}
	// The largest roster that may be imported is read whole.
	t.Run("largest-roster", func(t *testing.T) {
		path := filepath.Join(dir, "largest.xlsx")
		if err := WriteRosterFixture(path, DefaultMaxRows); err != nil {
			t.Fatal(err)
		}
		rows := fmt.Sprintf("%d rows", DefaultMaxRows)
		check(t, "largest-roster", path, func(reader, result string) bool { return reader != "roster" || result == rows })
	})
	for _, hf := range hostileFiles() {
		t.Run(hf.name, func(t *testing.T) {
			path := filepath.Join(dir, hf.name+hf.ext)
			if err := writeHostile(path, hf.write); err != nil {
				t.Fatal(err)
			}
			check(t, hf.name, path, func(_, result string) bool {
				if hf.refusal != "" {
					return result == hf.refusal
				}
				return !strings.HasPrefix(result, "not an *app.Error")
			})
		})
	}
}

// measurement is what a child reading a file reported.
type measurement struct {
	peak    int64 // VmHWM, bytes
	took    time.Duration
	results []string
}

// measureRead runs this test binary as a child that reads path with every
// reader, and returns its peak memory and what each reader said. A child
// still reading after hostileTimeout fails the test, with its peak so far.
func measureRead(t *testing.T, path string) measurement {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileFiles$", "-test.count=1")
	cmd.Env = append(os.Environ(), hostileEnv+"="+path)
	var out strings.Builder
	cmd.Stdout = &out
	cmd.Stderr = &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	stop := func(why string) {
		peak := peakMemory(status)
		cmd.Process.Kill()
		<-done
		t.Fatalf("reading %s %s (peak memory by then %d MB)", filepath.Base(path), why, peak>>20)
	}
	timeout := time.After(hostileTimeout)
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
wait:
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("the child reading %s failed after %v: %v\n%s", filepath.Base(path), time.Since(start), err, out.String())
			}
			break wait
		case <-poll.C:
			if peakMemory(status) > memoryCeiling {
				stop(fmt.Sprintf("took more than %d MB after %v", memoryCeiling>>20, time.Since(start).Round(time.Millisecond)))
			}
		case <-timeout:
			stop(fmt.Sprintf("took more than %v", hostileTimeout))
		}
	}
	m := measurement{took: time.Since(start)}
	for line := range strings.Lines(out.String()) {
		line = strings.TrimSpace(line)
		if kb, ok := strings.CutPrefix(line, "peak "); ok {
			n, err := strconv.ParseInt(kb, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			m.peak = n << 10
		} else if r, ok := strings.CutPrefix(line, "read "); ok {
			m.results = append(m.results, r)
		}
	}
	if m.peak == 0 {
		t.Fatalf("the child reported no peak memory:\n%s", out.String())
	}
	return m
}

// peakMemory is the VmHWM (peak resident memory) in a /proc status file,
// in bytes; 0 when it cannot be read.
func peakMemory(status string) int64 {
	b, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// readWithEveryReader is the child's work: read path with each reader,
// print what it said, then the peak resident memory in kB.
func readWithEveryReader(path string) {
	s := New()
	report := func(reader string, n int, err error) {
		if err != nil {
			var e *app.Error
			if errors.As(err, &e) {
				for _, lang := range i18n.Languages {
					if msg := i18n.TIn(lang, e.Key, e.Args...); msg == e.Key || strings.Contains(msg, "%!") {
						fmt.Printf("read %s: %s message %q\n", reader, lang, msg)
						return
					}
				}
			}
			fmt.Printf("read %s: %s\n", reader, errorKey(err))
			return
		}
		fmt.Printf("read %s: %d rows\n", reader, n)
	}
	rf, err := s.ReadRoster(path)
	n := 0
	if err == nil {
		n = len(rf.Rows)
	}
	report("roster", n, err)
	classes, err := s.ReadClasses(path)
	report("classes", len(classes), err)
	staff, err := s.ReadStaff(path)
	report("staff", len(staff), err)
	scores, err := s.ReadScores(path, testExam())
	report("scores", len(scores), err)
	answers, err := s.ReadAnswers(path, testForm())
	report("answers", len(answers), err)
	receipts, err := s.ReadReceiptSheet(path)
	report("receipts", len(receipts), err)
	fmt.Printf("peak %d\n", peakMemory("/proc/self/status")>>10)
}

func writeHostile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// repeat writes head, n times unit (a unit with a fmt verb gets the
// count, from 1), then tail.
func repeat(head, unit string, n int, tail string) func(io.Writer) error {
	return func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		bw.WriteString(head)
		numbered := strings.Contains(unit, "%")
		for i := 1; i <= n; i++ {
			if numbered {
				fmt.Fprintf(bw, unit, i)
			} else {
				bw.WriteString(unit)
			}
		}
		bw.WriteString(tail)
		return bw.Flush()
	}
}

// rosterHeader is the first row of a hostile sheet: a roster header, so
// the readers look at every row under it.
const rosterHeader = `<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>班级</t></is></c>` +
	`<c r="C1" t="inlineStr"><is><t>学号</t></is></c><c r="D1" t="inlineStr"><is><t>语文</t></is></c></row>`

// hostileFiles are the shapes of file that made the readers take
// gigabytes of memory or minutes, a few MB each on disk (the CSV files,
// which do not pack, 12 MB).
func hostileFiles() []hostileFile {
	const mb = 1 << 20
	return []hostileFile{
		// 400 MB of tiny shared strings
		{name: "shared-strings", ext: ".xlsx", write: workbook(
			text(rosterHeader+`<row r="2"><c r="A2" t="s"><v>1</v></c></row>`),
			repeat(`<sst `+mainNS+`>`, `<si><t>a</t></si>`, 400*mb/17, `</sst>`)), refusal: "sheets.error.too_large_unpacked"},
		// twelve million empty shared strings
		{name: "empty-shared-strings", ext: ".xlsx", write: workbook(text(rosterHeader),
			repeat(`<sst `+mainNS+`>`, `<si/>`, 62*mb/5, `</sst>`)), refusal: "sheets.error.corrupt"},
		// 60 MB of text in the shared strings
		{name: "shared-text", ext: ".xlsx", write: workbook(text(rosterHeader),
			repeat(`<sst `+mainNS+`>`, `<si><t>`+strings.Repeat("a", mb/2)+`</t></si>`, 120, `</sst>`)),
			refusal: "sheets.error.too_much_text"},
		// 31 MB of shared strings, and a sheet that takes the XML over its
		// limit when the two are read one after the other
		{name: "parts-over-the-limit", ext: ".xlsx", write: workbook(
			repeat(rosterHeader, `<x>`+strings.Repeat("a", mb/2)+`</x>`, 70, ""),
			repeat(`<sst `+mainNS+`>`, `<si><t>`+strings.Repeat("a", mb/2)+`</t></si>`, 62, `</sst>`)),
			refusal: "sheets.error.too_large_unpacked"},
		// a value in the last column (XFD) of every row
		{name: "far-columns", ext: ".xlsx", write: workbook(
			repeat(rosterHeader, `<row><c r="XFD%d"><v>1</v></c></row>`, 1048575, ""), nil), refusal: "sheets.error.too_many_columns"},
		// millions of empty rows, more than a sheet can have
		{name: "empty-rows", ext: ".xlsx", write: workbook(
			repeat(rosterHeader, `<row/>`, 60*mb/6, ""), nil), refusal: "sheets.error.corrupt"},
		// one inline string of 60 MB
		{name: "long-cell", ext: ".xlsx", write: workbook(
			repeat(rosterHeader+`<row r="2"><c r="A2" t="inlineStr"><is><t>`, `张`, 60*mb/3, `</t></is></c></row>`), nil), refusal: "sheets.error.corrupt"},
		// elements nested fifty million deep
		{name: "deep-nesting", ext: ".xlsx", write: workbook(
			repeat(rosterHeader, `<x>`, 150*mb/3, ""), nil), refusal: "sheets.error.too_large_unpacked"},
		// forty million cell styles
		{name: "styles", ext: ".xlsx", write: workbook(text(rosterHeader), nil,
			part{"xl/styles.xml", repeat(`<styleSheet `+mainNS+`><cellXfs>`, `<xf/>`, 200*mb/5, `</cellXfs></styleSheet>`)})},
		// fifty thousand sheets, all the same worksheet
		{name: "many-sheets", ext: ".xlsx", write: workbook(text(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`), nil,
			part{"xl/workbook.xml", repeat(`<workbook `+mainNS+`><sheets>`, `<sheet name="S%[1]d" sheetId="%[1]d" r:id="rId%[1]d"/>`, 50000, `</sheets></workbook>`)},
			part{"xl/_rels/workbook.xml.rels", repeat(`<Relationships `+relNS+`>`, `<Relationship Id="rId%d" Type="`+relWS+`" Target="worksheets/sheet1.xml"/>`, 50000, `</Relationships>`)}),
			refusal: "sheets.error.too_many_sheets"},
		// one row of four million cells without references
		{name: "wide-row", ext: ".xlsx", write: workbook(
			repeat(rosterHeader+`<row r="2">`, `<c><v>1</v></c>`, 60*mb/15, `</row>`), nil), refusal: "sheets.error.too_many_columns"},
		// a calculation chain of twenty million cells
		{name: "calc-chain", ext: ".xlsx", write: workbook(text(rosterHeader), nil,
			part{"xl/calcChain.xml", repeat(`<calcChain `+mainNS+`>`, `<c r="A1" i="1"/>`, 300*mb/17, `</calcChain>`)})},
		// a 400 MB picture of zeros
		{name: "big-part", ext: ".xlsx", write: workbook(text(rosterHeader), nil,
			part{"xl/media/image1.png", repeat("", "\x00\x00\x00\x00\x00\x00\x00\x00", 400*mb/8, "")})},
		// a row tag with twelve million attributes
		{name: "attributes", ext: ".xlsx", write: workbook(
			repeat(rosterHeader+`<row r="2"`, ` a=""`, 60*mb/5, `/>`), nil), refusal: "sheets.error.corrupt"},
		// the longest text a cell may have, in 100,000 cells
		{name: "shared-text-reused", ext: ".xlsx", write: workbook(
			repeat(rosterHeader, `<row>`+strings.Repeat(`<c t="s"><v>0</v></c>`, 50)+`</row>`, 2000, ""),
			repeat(`<sst `+mainNS+`><si><t>`, `张`, 32767, `</t></si></sst>`)), refusal: "sheets.error.too_much_text"},
		// a line of twelve million commas
		{name: "csv-wide", ext: ".csv", write: repeat("姓名,班级\n", ",", 12*mb, "\n"), refusal: "sheets.error.row_too_long"},
		// one quoted field of 12 MB
		{name: "csv-long-cell", ext: ".csv", write: repeat("姓名,班级\n\"", "张", 12*mb/3, "\",1\n"), refusal: "sheets.error.row_too_long"},
		// lines of commas joined into one row by quoted line breaks
		{name: "csv-quoted-lines", ext: ".csv", write: repeat("姓名,班级\n", strings.Repeat(",", 1000)+"\"\n\"", 12*mb/1003, "\n"), refusal: "sheets.error.row_too_long"},
	}
}
