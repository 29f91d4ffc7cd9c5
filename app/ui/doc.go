// Package ui is jxj's Fyne GUI: one file per screen, built from the app
// services it is given, so screens are tested with fakes from app/mock.
// It must not import fyne.io/fyne/v2/app (only main does) nor storage.
package ui
