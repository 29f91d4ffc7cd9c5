package app

// NoticePrint is what a printed notice shows: the notice itself, then one
// tear-off receipt slip per receipt.
type NoticePrint struct {
	School   string
	Notice   *Notice
	Receipts []Receipt // one slip each, in the order given
}

// PrintService writes printable documents (PDF) with the bundled Chinese
// font.
type PrintService interface {
	// PrintNotice writes the notice with its receipt slips to path.
	PrintNotice(path string, p NoticePrint) error
}
