// Package xlsx reads and writes the spreadsheets a school exchanges with
// jxj: rosters, class and staff lists in .xlsx or .csv, the
// roster template and the parent directory export, and the teacher
// workbench's sheets (slip codes, call lists, homework, answer sheets and
// their exports; returned receipts and filled-in answers read back), the
// month attendance sheet (考勤表), and score sheets: the template, the
// school's own score sheets read back, and the results with a summary per
// class. It implements app.SheetService.
//
// Reading is made for the files schools already have: title rows above
// the header, header names that vary (see the synonym tables in
// header.go), columns in any order, GBK-encoded CSV. Rows come out with
// their cells as written; app.PlanRoster checks them. Files are written
// with excelize and read with a streaming reader of our own (book.go),
// which bounds what any file up to the size limit can make it hold.
//
// It imports app and app/i18n only: no SQL, no Fyne.
package xlsx
