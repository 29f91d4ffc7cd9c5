package app

import "time"

// NoticePrint is what a printed notice shows: the notice itself, then one
// tear-off receipt slip per receipt.
type NoticePrint struct {
	School   string
	Notice   *Notice
	Receipts []Receipt // one slip each, in the order given
}

// ResultSlips is what printed result slips show: one slip per student
// with the child's own scores and the class average, and nothing of the
// other children (no ranking is printed for families).
type ResultSlips struct {
	School string
	Sheet  *ExamSheet
	Stats  *ExamStats
}

// CockpitPrint is the cockpit on one A4 page for a staff meeting: the
// school, the range, the headline figures and the cockpit's charts.
type CockpitPrint struct {
	School  string
	Cockpit *Cockpit
	Printed time.Time
}

// PrintService writes printable documents (PDF) with the bundled Chinese
// font.
type PrintService interface {
	// PrintNotice writes the notice with its receipt slips to path.
	PrintNotice(path string, p NoticePrint) error
	// PrintResultSlips writes one result slip per student of the sheet.
	PrintResultSlips(path string, r ResultSlips) error
	// PrintCockpit writes the cockpit on one A4 page.
	PrintCockpit(path string, p CockpitPrint) error
}
