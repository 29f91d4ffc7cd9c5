// Package fynelocale keeps Fyne from printing "Fyne error: Error parsing
// user locale C" at the start of every jxj command on a system whose
// locale is C.UTF-8 (a fresh Debian, a container, a service, a script).
// Fyne reads the locale while its packages are initialised, before main
// runs, and cannot parse the language "C" of "C.UTF-8" (a plain C it
// skips). Its lines look like failures to anyone who reads them.
//
// For C.UTF-8 and the like, this package sets LANGUAGE=en, the language
// the C locale means and the one Fyne falls back to, which Fyne then reads
// instead. jxj's own language does not depend on it (i18n reads JXJ_LANG
// and the locale variables, not LANGUAGE).
//
// It must be initialised before Fyne's lang package. Go initialises
// packages in the order of their import paths, each as soon as the
// packages it imports are: this one imports only os and sorts before
// "log", which Fyne imports, so it always comes first. Keep it that way:
// no other imports, and imported (blank) by the GUI package.
package fynelocale

import "os"

func init() {
	// the variables in the order gettext (and Fyne) reads them: the first
	// one set is the locale
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if len(v) > 2 && v[:2] == "C." && os.Getenv("LANGUAGE") == "" {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
