// Package linebreak sets text in lines the way Chinese is set: it breaks
// a text into lines (Lines) and shortens one to a line with an ellipsis
// (Fit), for the screen (app/ui's wrapping labels), for print
// (storage/pdf) and for the charts (storage/chart) alike, so all follow
// one set of rules.
//
// It measures nothing itself: the caller passes the width of a character
// (Lines) or of a string (Fit) in its font and size. It imports no Fyne,
// no PDF and no chart library.
package linebreak
