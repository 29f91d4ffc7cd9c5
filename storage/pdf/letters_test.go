package pdf

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jxj/app"
)

func testLetters(n int) app.EnrolLetters {
	l := app.EnrolLetters{HubURL: "https://jxj.example.gov.cn:8420",
		Fingerprint: "SHA256:" + strings.TrimSuffix(strings.Repeat("AB:", 32), ":")}
	kinds := []app.OrgKind{app.OrgPrimary, app.OrgNineYear, app.OrgTeachingPoint}
	for i := range n {
		code := app.NewEnrolCode()
		l.Letters = append(l.Letters, app.EnrolLetter{
			Org:     app.HubOrg{ID: int64(i + 1), Name: "城关镇第" + string(rune('一'+i)) + "小学", Kind: kinds[i%len(kinds)], Township: "城关镇"},
			Code:    code,
			Expires: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		})
	}
	return l
}

// One page per school, each with its own code, the hub's address and the
// fingerprint; no page runs onto the next, even with a long name.
func TestPrintEnrolLetters(t *testing.T) {
	l := testLetters(3)
	l.Letters[2].Org.Name = strings.Repeat("很长的名字", 12) // wraps onto three lines
	path := filepath.Join(t.TempDir(), "通知书.pdf")
	if err := New().PrintEnrolLetters(path, l); err != nil {
		t.Fatal(err)
	}
	pages := readPages(t, path)
	if len(pages) != len(l.Letters) {
		t.Fatalf("%d pages, want one per school (%d)", len(pages), len(l.Letters))
	}
	for i, page := range pages {
		text := strings.Join(strings.Fields(page), "")
		lt := l.Letters[i]
		for _, want := range []string{lt.Code, "jxj.example.gov.cn:8420", "2026-10-01", "注册码", "同步"} {
			if !strings.Contains(text, want) {
				t.Errorf("page %d lacks %q:\n%s", i+1, want, page)
			}
		}
		for j, other := range l.Letters {
			if j != i && strings.Contains(text, other.Code) {
				t.Errorf("page %d shows school %d's code", i+1, j+1)
			}
		}
		if !strings.Contains(strings.ReplaceAll(text, ":", ""), strings.Repeat("AB", 32)) {
			t.Errorf("page %d lacks the whole fingerprint:\n%s", i+1, page)
		}
	}
}

// Without a fingerprint the step about it is left out.
func TestPrintEnrolLettersNoFingerprint(t *testing.T) {
	l := testLetters(1)
	l.Fingerprint = ""
	path := filepath.Join(t.TempDir(), "letters.pdf")
	if err := New().PrintEnrolLetters(path, l); err != nil {
		t.Fatal(err)
	}
	pages := readPages(t, path)
	if len(pages) != 1 || strings.Contains(pages[0], "指纹") {
		t.Errorf("pages = %d, fingerprint mentioned: %v", len(pages), strings.Contains(pages[0], "指纹"))
	}
}

func TestPrintEnrolLettersErrors(t *testing.T) {
	dir := t.TempDir()
	noURL := testLetters(1)
	noURL.HubURL = " "
	tests := []struct {
		name string
		l    app.EnrolLetters
		key  string
	}{
		{"no letters", app.EnrolLetters{HubURL: "https://hub"}, "orgs.error.no_letters"},
		{"no address", noURL, "orgs.error.no_hub_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".pdf")
			err := New().PrintEnrolLetters(path, tt.l)
			var ae *app.Error
			if !errors.As(err, &ae) || ae.Key != tt.key {
				t.Fatalf("err = %v, want %s", err, tt.key)
			}
		})
	}
}
