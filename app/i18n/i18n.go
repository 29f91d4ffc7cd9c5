// Package i18n is jxj's translation layer: every string a user reads goes
// through T. Simplified Chinese is the default; English is complete. The
// texts live in assets/i18n/<language>/*.json as flat key → text maps;
// texts are fmt formats, filled with the arguments given to T.
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync/atomic"

	"jxj/assets"
)

// The languages jxj speaks.
const (
	Chinese = "zh-CN"
	English = "en"
)

// Languages lists the supported languages, default first.
var Languages = []string{Chinese, English}

var (
	catalogs = mustLoad(assets.I18n)
	current  atomic.Value // string
)

func init() { current.Store(Chinese) }

// SetLanguage switches every later T to lang; an unknown language falls
// back to Chinese.
func SetLanguage(lang string) {
	if _, ok := catalogs[lang]; !ok {
		lang = Chinese
	}
	current.Store(lang)
}

// Language returns the current language.
func Language() string { return current.Load().(string) }

// T returns the text of key in the current language, formatted with args.
// A key missing from the catalog comes back as itself, so it shows up in
// the UI and in the i18n tests rather than as a blank.
func T(key string, args ...any) string {
	return TIn(Language(), key, args...)
}

// TIn is T in a given language.
func TIn(lang, key string, args ...any) string {
	text, ok := catalogs[lang][key]
	if !ok {
		text, ok = catalogs[Chinese][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return text
	}
	return fmt.Sprintf(text, args...)
}

// Translatable is an error that carries its own translation key, like
// *app.Error.
type Translatable interface {
	Translation() (key string, args []any)
}

// Err returns the message of err for the user, in the current language.
// Errors without a translation become a generic message that tells the
// user what to do; their text stays in the logs.
func Err(err error) string {
	if err == nil {
		return ""
	}
	var t Translatable
	if errors.As(err, &t) {
		key, args := t.Translation()
		return T(key, args...)
	}
	return T("error.internal")
}

// ForLog is err as jxj.log keeps it: the message the user reads, in the
// current language, then in brackets the error's own text (its
// translation key and arguments, and the cause) to search for, e.g.
// 只有发通知的人、管理员或校长可以撤回通知“家长会”。
// [storage.notice.error.revoke_forbidden[家长会]].
func ForLog(err error) string {
	if err == nil {
		return ""
	}
	return Err(err) + " [" + err.Error() + "]"
}

// Keys returns the sorted keys of a language's catalog.
func Keys(lang string) []string {
	keys := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether key exists in lang.
func Has(lang, key string) bool {
	_, ok := catalogs[lang][key]
	return ok
}

// FromEnvironment picks the language from JXJ_LANG, else the locale
// variables (LC_ALL, LC_MESSAGES, LANG): English for "en…", Chinese
// otherwise.
func FromEnvironment() string {
	for _, v := range []string{"JXJ_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		s := os.Getenv(v)
		if s == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(s), "en") {
			return English
		}
		if v == "JXJ_LANG" || strings.HasPrefix(strings.ToLower(s), "zh") {
			return Chinese
		}
	}
	return Chinese
}

func mustLoad(fsys fs.FS) map[string]map[string]string {
	cats, err := load(fsys)
	if err != nil {
		panic(err) // the embedded catalogs are part of the binary; a test covers them
	}
	return cats
}

func load(fsys fs.FS) (map[string]map[string]string, error) {
	cats := make(map[string]map[string]string)
	for _, lang := range Languages {
		cat := make(map[string]string)
		dir := path.Join("i18n", lang)
		files, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if !strings.HasSuffix(f.Name(), ".json") {
				continue
			}
			b, err := fs.ReadFile(fsys, path.Join(dir, f.Name()))
			if err != nil {
				return nil, err
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("%s/%s: %w", dir, f.Name(), err)
			}
			for k, v := range m {
				if _, dup := cat[k]; dup {
					return nil, fmt.Errorf("%s/%s: key %q defined twice", dir, f.Name(), k)
				}
				cat[k] = v
			}
		}
		cats[lang] = cat
	}
	return cats, nil
}
