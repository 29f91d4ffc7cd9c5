package ui

import (
	"encoding/json"
	"log"
	"strings"

	"fyne.io/fyne/v2/lang"

	"jxj/app/i18n"
	_ "jxj/app/ui/fynelocale" // before Fyne reads the locale
)

// useLanguage switches jxj to lang and makes Fyne's own words follow it:
// the file dialogs' buttons and folders, Yes and No, an entry's menu
// (Cut, Copy, Paste). Fyne picks its words by the system's locale, so a
// Chinese jxj on an English or a "C" system showed English buttons.
//
// Fyne 2.7 has no setting for its language; it takes the translations
// an app adds for a locale and uses them for that locale. Ours, the
// "fyne.<Fyne's message id>" keys of the catalogs, are added in the
// language chosen for the locale Fyne goes by, the system's.
func useLanguage(l string) {
	i18n.SetLanguage(l)
	words := make(map[string]string)
	for _, key := range i18n.Keys(i18n.Language()) {
		if id, ok := strings.CutPrefix(key, "fyne."); ok {
			words[id] = i18n.T(key)
		}
	}
	data, err := json.Marshal(words)
	if err == nil {
		err = lang.AddTranslationsForLocale(data, lang.SystemLocale())
	}
	if err != nil {
		log.Printf("jxj: Fyne's dialogs keep the system's language: %v", err)
	}
}
