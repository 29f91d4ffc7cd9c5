// Package linebreak breaks text into lines the way Chinese is set, for the
// screen (app/ui's wrapping labels) and for print (storage/pdf) alike, so
// both follow one set of rules.
//
// It measures nothing itself: the caller passes the width of a character
// in its font and size. It imports no Fyne and no PDF library.
package linebreak
