// Package desktop is what makes jxj behave like a desktop program on the
// PC it runs on, apart from the window itself: one instance per data
// folder, starting at login, the tray's host and the message box shown
// when the graphics driver cannot draw the window. It imports neither
// Fyne nor SQL, so it is tested without a display.
package desktop
