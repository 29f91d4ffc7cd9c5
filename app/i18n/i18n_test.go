package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestCatalogsComplete fails when a key exists in one language and not the
// other, or a text is empty.
func TestCatalogsComplete(t *testing.T) {
	for _, a := range Languages {
		for _, b := range Languages {
			for _, k := range Keys(a) {
				if !Has(b, k) {
					t.Errorf("key %q is in %s but missing from %s", k, a, b)
				}
			}
		}
		for _, k := range Keys(a) {
			if strings.TrimSpace(TIn(a, k)) == "" {
				t.Errorf("%s: key %q has an empty text", a, k)
			}
		}
	}
}

// keyUse finds translation keys written as literals in Go source: i18n.T,
// TIn and the app error constructors.
var keyUse = regexp.MustCompile(`(?:\bT|TIn|Errorf|WrapError|tr)\((?:[A-Za-z.]+,\s*)?"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)

// TestSourceKeysExist fails when the code uses a key that a catalog lacks.
func TestSourceKeysExist(t *testing.T) {
	root := filepath.Join("..", "..")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(src), -1) {
			found++
			for _, lang := range Languages {
				if !Has(lang, m[1]) {
					t.Errorf("%s uses key %q, missing from %s", path, m[1], lang)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 10 {
		t.Fatalf("found only %d key uses in the source; is the pattern still right?", found)
	}
}

// TestComputedKeys covers keys built at run time from a fixed set.
func TestComputedKeys(t *testing.T) {
	var keys []string
	for g := 1; g <= 12; g++ {
		keys = append(keys, "grade."+strconv.Itoa(g))
	}
	for _, k := range []string{"role.admin", "role.principal", "role.teacher", "gender.M", "gender.F",
		"org.kind.primary", "org.kind.middle", "org.kind.high", "org.kind.kindergarten", "org.kind.training"} {
		keys = append(keys, k)
	}
	for _, st := range []string{"active", "suspended", "transferred", "graduated"} {
		keys = append(keys, "student.status."+st)
	}
	for _, st := range []string{"active", "suspended", "transferred"} {
		for _, k := range []string{"dirscreen.status.note_hint.", "dirscreen.status.title.", "dirscreen.status.confirm."} {
			keys = append(keys, k+st)
		}
	}
	for _, k := range []string{"today", "week", "month", "term", "custom"} {
		keys = append(keys, "cockpit.range."+k)
	}
	for _, k := range keys {
		for _, lang := range Languages {
			if !Has(lang, k) {
				t.Errorf("computed key %q missing from %s", k, lang)
			}
		}
	}
}

func TestTranslate(t *testing.T) {
	defer SetLanguage(Language())
	SetLanguage(English)
	if got, want := T("grade.unknown", 13), "Grade 13"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	SetLanguage(Chinese)
	if got, want := T("grade.3"), "三年级"; got != want {
		t.Errorf("T = %q, want %q", got, want)
	}
	SetLanguage("fr")
	if Language() != Chinese {
		t.Errorf("unknown language: got %q, want fallback %q", Language(), Chinese)
	}
	if got := T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key itself", got)
	}
}

func TestFromEnvironment(t *testing.T) {
	tests := []struct {
		name, jxj, lang, want string
	}{
		{"default", "", "", Chinese},
		{"posix C", "", "C.UTF-8", Chinese},
		{"english locale", "", "en_US.UTF-8", English},
		{"chinese locale", "", "zh_CN.UTF-8", Chinese},
		{"override", "zh-CN", "en_US.UTF-8", Chinese},
		{"override english", "en", "zh_CN.UTF-8", English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("JXJ_LANG", tt.jxj)
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", tt.lang)
			if got := FromEnvironment(); got != tt.want {
				t.Errorf("FromEnvironment() = %q, want %q", got, tt.want)
			}
		})
	}
}

// keyedError is an error with a translation key, like *app.Error (which
// this package cannot import).
type keyedError struct {
	key  string
	args []any
}

func (e keyedError) Error() string                { return e.key + fmt.Sprint(e.args) }
func (e keyedError) Translation() (string, []any) { return e.key, e.args }

// The log keeps the sentence the user read, in the current language, and
// the error's own text (its key and arguments) to search for.
func TestForLog(t *testing.T) {
	defer SetLanguage(Language())
	SetLanguage(Chinese)
	err := fmt.Errorf("sync: %w", keyedError{"grade.unknown", []any{13}})
	if got, want := ForLog(err), "13年级 [sync: grade.unknown[13]]"; got != want {
		t.Errorf("ForLog = %q; want %q", got, want)
	}
	SetLanguage(English)
	if got, want := ForLog(err), "Grade 13 [sync: grade.unknown[13]]"; got != want {
		t.Errorf("in English ForLog = %q; want %q", got, want)
	}
	if got, want := ForLog(errors.New("database is locked")), T("error.internal")+" [database is locked]"; got != want {
		t.Errorf("ForLog of an untranslated error = %q; want %q", got, want)
	}
	if got := ForLog(nil); got != "" {
		t.Errorf("ForLog(nil) = %q; want nothing", got)
	}
}
