// Package app is the domain of jxj: the school's entities (org, classes,
// staff, students, guardians, accounts), the rules that govern them and the
// service interfaces the rest of the program implements or uses.
//
// It imports neither Fyne nor SQL: app/ui, app/cli, storage and sync depend
// on it, never the other way round.
package app
