package ui

import (
	"maps"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The columns of the receipts table.
const (
	rcolClass = iota
	rcolName
	rcolState
	rcolChannel
	rcolAt
	rcolGuardians // with their phones, never cut short
	receiptCols
)

// receiptTimeLayout is how the table writes when a receipt was recorded.
const receiptTimeLayout = "01-02 15:04"

// noticeDetail is a published (or revoked) notice: its text, progress per
// class, the slip code box and the receipts table with its exports.
type noticeDetail struct {
	s  *NoticesScreen
	id int64

	content fyne.CanvasObject
	body    *fyne.Container // swaps between loading, error and the notice

	status   *app.NoticeStatus
	receipts []app.Receipt
	rows     [][receiptCols]string // rows[i] is receipts[i] formatted
	byID     map[int64]int         // receipt id → index
	visible  []int                 // indexes of the rows the filter shows
	unacked  bool                  // the filter: only receipts not acknowledged
	loads    int

	// built per load
	progress  *countBar
	byClass   *chartView    // each class's receipts
	slipEntry *widget.Entry // nil for a revoked notice
	slipOK    *widget.Label
	slipErr   *wrapLabel
	slipCount *widget.Label
	slipBusy  bool
	recorded  int // slips recorded since the notice was opened
	table     *widget.Table
	filter    *widget.RadioGroup
	busy      *busyIndicator
	actions   []*widget.Button

	// a bureau notice's actions (admin and principal); nil once done
	confirmB *widget.Button
	forwardB *widget.Button
	forward  *bureauForward // the open 转发给家长 dialog, for tests
}

func newNoticeDetail(s *NoticesScreen, id int64) *noticeDetail {
	d := &noticeDetail{s: s, id: id, busy: newBusyIndicator()}
	d.body = container.NewStack()
	d.showMessage(i18n.T("notices.detail.loading"), widget.MediumImportance)
	back := widget.NewButtonWithIcon(i18n.T("notices.back"), theme.NavigateBackIcon(), s.back)
	d.content = container.NewBorder(container.NewHBox(back), nil, nil, nil, d.body)
	d.load()
	return d
}

func (d *noticeDetail) showMessage(text string, imp widget.Importance) {
	l := newWrapLabel(text)
	l.Importance = imp
	d.body.Objects = []fyne.CanvasObject{container.NewVBox(l)}
	d.body.Refresh()
}

// load reads the notice's status and receipts off the UI goroutine and
// builds the view; a reload keeps the slip box's count and the filter.
func (d *noticeDetail) load() {
	d.loads++
	gen := d.loads
	ctx := d.s.env.Ctx()
	svc := d.s.env.Services.Notices
	d.s.run(func() {
		st, err := svc.NoticeStatus(ctx, d.id)
		var receipts []app.Receipt
		if err == nil {
			receipts, err = svc.Receipts(ctx, d.id)
		}
		var rows [][receiptCols]string
		if err == nil {
			rows = make([][receiptCols]string, len(receipts))
			for i := range receipts {
				rows[i] = receiptRow(&receipts[i])
			}
		}
		fyne.Do(func() {
			if gen != d.loads {
				return
			}
			if err != nil {
				d.s.env.ShowError(err)
				if d.status == nil {
					d.showMessage(i18n.Err(err), widget.DangerImportance)
				}
				return
			}
			d.status, d.receipts, d.rows = st, receipts, rows
			d.byID = make(map[int64]int, len(receipts))
			for i := range receipts {
				d.byID[receipts[i].ID] = i
			}
			d.refilter()
			d.build()
		})
	})
}

// revoked reports whether the notice takes no more receipts.
func (d *noticeDetail) revoked() bool { return d.status.Notice.State == app.NoticeStateRevoked }

func (d *noticeDetail) build() {
	n := d.status.Notice
	d.slipEntry = nil // a revoked notice gets none
	state := widget.NewLabelWithStyle(i18n.T("notices.state."+string(n.State)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	state.Importance = noticeStateImportance(n.State)
	tags := container.NewHBox(state)
	if n.Bureau {
		tags.Add(container.NewCenter(bureauBadge()))
	}
	waiting := bureauWaiting(n) // a bureau notice not forwarded has no receipts yet
	d.progress = newCountBar(0, "")
	progress := container.New(minWidth(240), d.progress)
	if waiting {
		progress.Hide()
	}
	head := container.NewVBox(
		container.NewBorder(nil, nil, tags, progress, pageTitle(n.Title)),
		widget.NewLabel(noticeMeta(n, d.classLabelsOf())))
	if d.revoked() {
		banner := newWrapLabelWithStyle(i18n.T("notices.detail.revoked", app.FormatDate(n.RevokedAt)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		banner.Importance = widget.DangerImportance
		head.Add(banner)
	} else if !waiting {
		head.Add(d.toolbar())
	}
	if n.Bureau {
		head.Add(d.bureauBar())
	}
	head.Add(d.busy.box)

	text := newWrapLabel(n.Body)
	d.byClass = newChartView(d.s.env, d.s.run, 0)
	left := container.NewVBox(text)
	if len(n.Attachments)+len(n.Downloads) > 0 {
		left.Add(fieldLabel(i18n.T("notices.compose.attachments")))
		for _, a := range n.Attachments {
			left.Add(openAttachmentRow(d.s.env, d.s.env.Services.Notices, a, nil)) // attachment_open.go
		}
		left.Objects = append(left.Objects, downloadRows(n)...) // a bureau notice's files on their way: notice_files.go
	}
	right := d.bureauWaitingView()
	if !waiting {
		left.Add(widget.NewSeparator())
		left.Add(fieldLabel(i18n.T("notices.detail.by_class")))
		left.Add(d.byClass.Content())
		right = d.receiptsView()
	}

	split := container.NewHSplit(container.NewVScroll(left), right)
	split.Offset = 0.25 // the receipts' phones need the room in a small window
	d.body.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(head, widget.NewSeparator()), nil, nil, nil, split)}
	d.body.Refresh()
	d.showProgress()
	if d.slipEntry != nil {
		d.focusSlip()
	}
}

// toolbar holds the notice's actions: the exports, print and the import
// of a receipt sheet, and apart from them 撤回 for an account that may
// revoke the notice.
func (d *noticeDetail) toolbar() fyne.CanvasObject {
	d.actions = []*widget.Button{
		widget.NewButtonWithIcon(i18n.T("notices.detail.export_calls"), theme.DocumentSaveIcon(), d.exportCallList),
		widget.NewButtonWithIcon(i18n.T("notices.detail.export_codes"), theme.DocumentSaveIcon(), d.exportCodes),
		widget.NewButtonWithIcon(i18n.T("notices.detail.print"), theme.DocumentPrintIcon(), d.print),
		widget.NewButtonWithIcon(i18n.T("notices.detail.import"), theme.UploadIcon(), d.chooseImport),
	}
	box := container.NewHBox()
	for _, b := range d.actions {
		box.Add(b)
	}
	if app.CanRevokeNotice(d.s.env.Account, d.status.Notice) == nil {
		revoke := widget.NewButtonWithIcon(i18n.T("notices.detail.revoke"), theme.CancelIcon(), d.confirmRevoke)
		revoke.Importance = widget.DangerImportance
		d.actions = append(d.actions, revoke)
		box.Add(dangerGroup(revoke))
	}
	return box
}

// receiptsView is the slip code box over the receipts table.
func (d *noticeDetail) receiptsView() fyne.CanvasObject {
	d.filter = widget.NewRadioGroup([]string{i18n.T("notices.filter.all"), i18n.T("notices.filter.unacked")}, func(v string) {
		d.unacked = v == i18n.T("notices.filter.unacked")
		d.refilter()
		d.table.Refresh()
	})
	d.filter.Horizontal = true
	d.filter.Required = true
	if d.unacked {
		d.filter.Selected = i18n.T("notices.filter.unacked")
	} else {
		d.filter.Selected = i18n.T("notices.filter.all")
	}
	table := d.newReceiptTable()

	var top *fyne.Container
	if d.revoked() {
		top = container.NewVBox(d.filter)
	} else {
		d.slipEntry = widget.NewEntry()
		d.slipEntry.SetPlaceHolder(i18n.T("notices.slip.placeholder"))
		d.slipEntry.OnSubmitted = d.submitSlip
		d.slipOK = widget.NewLabel("")
		d.slipOK.Importance = widget.SuccessImportance
		d.slipOK.Hide()
		d.slipErr = errorLabel()
		d.slipCount = widget.NewLabel(i18n.T("notices.slip.count", d.recorded))
		top = container.NewVBox(
			fieldLabel(i18n.T("notices.slip.title")),
			container.NewBorder(nil, nil, nil, d.slipCount, d.slipEntry),
			d.slipOK, d.slipErr,
			container.NewBorder(nil, nil, nil, d.filter, fieldLabel(i18n.T("notices.detail.receipts"))))
	}
	return container.NewBorder(top, nil, nil, nil, table)
}

// newReceiptTable makes the receipts table, d.table, and returns it
// fitted to its width.
func (d *noticeDetail) newReceiptTable() fyne.CanvasObject {
	headers := receiptHeaders()
	t := newLabelTable(headers[:], func() int { return len(d.visible) }, func(row, col int) (string, widget.Importance) {
		r := d.visible[row]
		if col == rcolState {
			return d.rows[r][col], receiptStateImportance(d.receipts[r].State)
		}
		return d.rows[r][col], widget.MediumImportance
	})
	_, view := fitColumns(t, d.receiptColumns(headers))
	t.OnSelected = func(id widget.TableCellID) {
		t.UnselectAll()
		if id.Row >= 0 && id.Row < len(d.visible) {
			d.showReceipt(d.visible[id.Row])
		}
	}
	d.table = t
	d.fitRows()
	return view
}

// receiptColumns are the receipts' columns for the width policy: the
// guardians with their phones read whole, measured on the loaded rows;
// the rest give way (a click on a receipt shows it whole).
func (d *noticeDetail) receiptColumns(headers [receiptCols]string) []column {
	// measuring samples, never shown
	cols := []column{
		{headers[rcolClass], colText, []string{classSample(), i18n.T("notices.target.staff")}},
		{headers[rcolName], colText, []string{"欧阳思思"}},
		{headers[rcolState], colFit, []string{i18n.T("receipt.state.unread"), i18n.T("receipt.state.read"), i18n.T("receipt.state.acked")}},
		{headers[rcolChannel], colText, nil},
		{headers[rcolAt], colText, []string{"12-31 23:59"}},
		{headers[rcolGuardians], colPhone, []string{"张建国（父亲）13812341234"}},
	}
	for _, c := range app.Channels {
		cols[rcolChannel].samples = append(cols[rcolChannel].samples, i18n.T("receipt.channel."+string(c)))
	}
	for i, r := range d.rows {
		if i == measuredRows {
			break
		}
		cols[rcolGuardians].samples = append(cols[rcolGuardians].samples, r[rcolGuardians])
	}
	return cols
}

func receiptHeaders() [receiptCols]string {
	return [receiptCols]string{
		i18n.T("notices.col.class"), i18n.T("notices.col.name"), i18n.T("notices.col.state"),
		i18n.T("notices.col.channel"), i18n.T("notices.col.at"), i18n.T("notices.col.guardians"),
	}
}

// receiptRow formats a receipt for the table, once per load: the table
// only copies strings while it scrolls.
func receiptRow(r *app.Receipt) [receiptCols]string {
	var row [receiptCols]string
	row[rcolClass] = r.ClassLabel
	if r.StaffID != 0 {
		row[rcolClass] = i18n.T("notices.target.staff")
	}
	row[rcolName] = r.Name()
	var gs []string
	for _, g := range r.Guardians {
		gs = append(gs, strings.TrimSpace(i18n.T("notices.guardian", g.Name, g.Relation, g.Phone)))
	}
	row[rcolGuardians] = strings.Join(gs, "\n") // a line each: see fitRows
	row[rcolState] = i18n.T("receipt.state." + r.State.String())
	if r.Channel != "" {
		row[rcolChannel] = i18n.T("receipt.channel." + string(r.Channel))
	}
	if !r.At.IsZero() {
		row[rcolAt] = r.At.Local().Format(receiptTimeLayout)
	}
	return row
}

func receiptStateImportance(s app.ReceiptState) widget.Importance {
	switch s {
	case app.ReceiptAcked:
		return widget.SuccessImportance
	case app.ReceiptRead:
		return widget.MediumImportance
	}
	return widget.WarningImportance
}

// refilter picks the rows the filter shows.
func (d *noticeDetail) refilter() {
	d.visible = d.visible[:0]
	for i := range d.receipts {
		if !d.unacked || d.receipts[i].State != app.ReceiptAcked {
			d.visible = append(d.visible, i)
		}
	}
	d.fitRows()
}

// fitRows makes each receipt's row as high as its guardians' lines.
func (d *noticeDetail) fitRows() {
	if d.table != nil {
		fitRowHeights(d.table, len(d.visible), func(r int) int {
			return strings.Count(d.rows[d.visible[r]][rcolGuardians], "\n") + 1
		})
	}
}

// showProgress shows the notice's counts and each class's.
func (d *noticeDetail) showProgress() {
	n := d.status.Notice
	d.progress.Set(noticeProgress(n.RequiresAck, n.Counts))
	d.byClass.SetChart(receiptsChart(d.status.Classes))
}

// receiptsChart is each class's receipts (the staff's, for a notice to
// them) stacked: acknowledged, read, unread.
func receiptsChart(classes []app.ClassProgress) *app.Chart {
	labels := make([]string, len(classes))
	counts := make([]app.ReceiptCounts, len(classes))
	for i, cp := range classes {
		labels[i], counts[i] = cp.ClassLabel, cp.Counts
		if cp.ClassID == 0 {
			labels[i] = i18n.T("notices.target.staff")
		}
	}
	c := app.ReceiptsChart("", labels, counts, false)
	return &c
}

func (d *noticeDetail) focusSlip() {
	if c := d.s.env.Window.Canvas(); c != nil {
		c.Focus(d.slipEntry)
	}
}

// submitSlip records the code typed in the slip box. Success clears the
// box for the next slip; an error keeps the code, selected for retyping.
// Nothing here opens a dialog: a stack of slips goes through unbroken.
func (d *noticeDetail) submitSlip(typed string) {
	if d.slipBusy || strings.TrimSpace(typed) == "" {
		return
	}
	d.slipBusy = true
	ctx := d.s.env.Ctx()
	svc := d.s.env.Services.Notices
	d.s.run(func() {
		r, err := svc.RecordSlip(ctx, d.id, typed)
		fyne.Do(func() {
			d.slipBusy = false
			d.focusSlip()
			if err != nil {
				d.slipOK.Hide()
				showInline(d.slipErr, err)
				if d.slipEntry.Text == typed {
					d.slipEntry.TypedShortcut(&fyne.ShortcutSelectAll{})
				}
				return
			}
			showInline(d.slipErr, nil)
			who := r.Name()
			if r.ClassLabel != "" {
				who = r.ClassLabel + " " + who
			}
			d.slipOK.SetText(i18n.T("notices.slip.ok", who))
			d.slipOK.Show()
			d.recorded++
			d.slipCount.SetText(i18n.T("notices.slip.count", d.recorded))
			if d.slipEntry.Text == typed {
				// what was typed since Enter stays
				d.slipEntry.SetText("")
			}
			d.applyReceipt(r)
		})
	})
}

// applyReceipt puts a receipt's new state into the table and the counts,
// without loading all receipts again.
func (d *noticeDetail) applyReceipt(r *app.Receipt) {
	i, ok := d.byID[r.ID]
	if !ok {
		d.load()
		return
	}
	cur := &d.receipts[i]
	from := cur.State
	cur.State, cur.Channel, cur.At, cur.By = r.State, r.Channel, r.At, r.By
	d.rows[i] = receiptRow(cur)
	moveCount(&d.status.Notice.Counts, from, cur.State)
	for k := range d.status.Classes {
		cp := &d.status.Classes[k]
		if (cur.StaffID != 0 && cp.ClassID == 0) || (cur.StaffID == 0 && cp.ClassID == cur.ClassID) {
			moveCount(&cp.Counts, from, cur.State)
		}
	}
	d.refilter()
	d.table.Refresh()
	d.showProgress()
}

// moveCount moves one receipt from state from to state to in c.
func moveCount(c *app.ReceiptCounts, from, to app.ReceiptState) {
	if from == to {
		return
	}
	for _, step := range []struct {
		s     app.ReceiptState
		delta int
	}{{from, -1}, {to, 1}} {
		switch step.s {
		case app.ReceiptAcked:
			c.Acked += step.delta
		case app.ReceiptRead:
			c.Read += step.delta
		default:
			c.Unread += step.delta
		}
	}
}

// showReceipt shows one receipt in full and, unless it is acknowledged or
// the notice revoked, the marks a teacher records by hand.
func (d *noticeDetail) showReceipt(i int) {
	r := d.receipts[i]
	row := d.rows[i]
	info := newWrapLabel(strings.Join([]string{
		row[rcolClass] + " " + row[rcolName],
		row[rcolGuardians],
		i18n.T("notices.receipt.state", row[rcolState], row[rcolChannel], row[rcolAt]),
	}, "\n"))
	info.Keep = []string{r.Name()}
	for _, g := range r.Guardians {
		info.Keep = append(info.Keep, g.Name)
	}
	box := container.NewVBox(info)
	var dlg dialog.Dialog
	if app.CanRecordReceipt(d.s.env.Account, d.status.Notice, &r) == nil && r.State != app.ReceiptAcked {
		marks := []struct {
			key   string
			state app.ReceiptState
			ch    app.Channel
		}{
			{"notices.receipt.phone", app.ReceiptAcked, app.ChannelPhone},
			{"notices.receipt.in_person", app.ReceiptAcked, app.ChannelInPerson},
			// the teacher knows the family has read it, e.g. they said so
			{"notices.receipt.read", app.ReceiptRead, app.ChannelInPerson},
		}
		buttons := container.NewHBox()
		for _, m := range marks {
			if m.state <= r.State {
				continue
			}
			buttons.Add(widget.NewButton(i18n.T(m.key), func() {
				dlg.Hide()
				d.mark(app.ReceiptMark{ReceiptID: r.ID, State: m.state, Channel: m.ch})
			}))
		}
		box.Add(buttons)
	}
	dlg = dialog.NewCustom(i18n.T("notices.receipt.title"), i18n.T("notices.receipt.close"), container.New(minWidth(420), box), d.s.env.Window)
	dlg.Show()
}

// mark records a receipt by hand and loads the receipts again.
func (d *noticeDetail) mark(m app.ReceiptMark) {
	ctx := d.s.env.Ctx()
	svc := d.s.env.Services.Notices
	d.s.run(func() {
		err := svc.MarkReceipts(ctx, []app.ReceiptMark{m})
		fyne.Do(func() {
			if err != nil {
				d.s.env.ShowError(err)
				return
			}
			d.load()
		})
	})
}

func (d *noticeDetail) confirmRevoke() {
	confirmDanger(d.s.env.Window, i18n.T("notices.detail.revoke_title"), confirmText(i18n.T("notices.detail.revoke_confirm", d.status.Notice.Title)),
		i18n.T("notices.detail.revoke_title"), func(ok bool) {
			if !ok {
				return
			}
			ctx := d.s.env.Ctx()
			svc := d.s.env.Services.Notices
			d.s.run(func() {
				_, err := svc.Revoke(ctx, d.id)
				fyne.Do(func() {
					if err != nil {
						d.s.env.ShowError(err)
						return
					}
					d.load()
				})
			})
		})
}

// background runs one of the long actions off the UI goroutine with the
// busy bar showing text and the actions disabled; done gets work's error
// on the UI goroutine.
func (d *noticeDetail) background(text string, work func() error, done func(error)) {
	d.busy.job(d.s.run, text, func() { d.enableActions(!d.busy.busy()) }, work, done)
}

func (d *noticeDetail) enableActions(on bool) {
	for _, b := range d.actions {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// saved tells the user where a file went, or what went wrong.
func (d *noticeDetail) saved(path string) func(error) {
	return func(err error) {
		if err != nil {
			d.s.env.ShowError(err)
			return
		}
		d.s.env.ShowInfo(i18n.T("notices.detail.saved_title"), i18n.T("notices.detail.saved", path))
	}
}

// exportCallList asks where to write the call list.
func (d *noticeDetail) exportCallList() {
	chooseSavePath(d.s.env, i18n.T("notices.detail.calls_file", d.status.Notice.Title), ".xlsx", d.writeCallList)
}

// writeCallList writes the families still to acknowledge as a call list.
func (d *noticeDetail) writeCallList(path string) {
	n := d.status.Notice
	var open []app.Receipt
	for _, r := range d.receipts {
		if r.State != app.ReceiptAcked {
			open = append(open, r)
		}
	}
	sheets := d.s.env.Services.Sheets
	d.background(i18n.T("notices.detail.exporting"), func() error {
		return sheets.WriteCallList(path, n, open)
	}, d.saved(path))
}

// exportCodes asks where to write the slip codes.
func (d *noticeDetail) exportCodes() {
	chooseSavePath(d.s.env, i18n.T("notices.detail.codes_file", d.status.Notice.Title), ".xlsx", d.writeCodes)
}

// writeCodes writes every receipt's slip code, for a mail merge.
func (d *noticeDetail) writeCodes(path string) {
	n, receipts := d.status.Notice, d.receipts
	sheets := d.s.env.Services.Sheets
	d.background(i18n.T("notices.detail.exporting"), func() error {
		return sheets.WriteSlipCodes(path, n, receipts)
	}, d.saved(path))
}

// print asks where to write the printable PDF.
func (d *noticeDetail) print() {
	chooseSavePath(d.s.env, i18n.T("notices.detail.print_file", d.status.Notice.Title), ".pdf", d.printTo)
}

// printTo writes the notice with one receipt slip per receipt to a PDF.
func (d *noticeDetail) printTo(path string) {
	p := app.NoticePrint{Notice: d.status.Notice, Receipts: d.receipts}
	if d.s.env.School != nil {
		p.School = d.s.env.School.Name
	}
	printer := d.s.env.Services.Printer
	d.background(i18n.T("notices.detail.printing"), func() error {
		return printer.PrintNotice(path, p)
	}, d.saved(path))
}

// chooseImport reads a sheet of returned receipts and shows what it
// would record before anything is.
func (d *noticeDetail) chooseImport() {
	chooseOpenPath(d.s.env, []string{".xlsx", ".csv"}, d.importFile)
}

func (d *noticeDetail) importFile(path string) {
	ctx := d.s.env.Ctx()
	svc := d.s.env.Services
	var rows []app.ReceiptSheetRow
	var plan *app.ReceiptImport
	d.background(i18n.T("notices.import.reading"), func() error {
		var err error
		rows, err = svc.Sheets.ReadReceiptSheet(path)
		if err == nil {
			plan, err = svc.Notices.ImportReceipts(ctx, d.id, rows, true)
		}
		return err
	}, func(err error) {
		if err != nil {
			d.s.env.ShowError(err)
			return
		}
		d.showImportPlan(rows, plan)
	})
}

// showImportPlan shows a dry run: with problems nothing can be recorded;
// otherwise the user confirms and the receipts are recorded.
func (d *noticeDetail) showImportPlan(rows []app.ReceiptSheetRow, plan *app.ReceiptImport) {
	summary := newWrapLabel(i18n.T("notices.import.summary", plan.Acked, plan.Already))
	win := d.s.env.Window
	if len(plan.Problems) > 0 {
		msg := newWrapLabel(i18n.T("notices.import.problems", len(plan.Problems)))
		msg.Importance = widget.DangerImportance
		body := container.NewBorder(container.NewVBox(summary, msg), nil, nil, nil, problemTable(plan.Problems))
		dlg := dialog.NewCustom(i18n.T("notices.import.title"), i18n.T("notices.receipt.close"), body, win)
		dlg.Resize(fyne.NewSize(min(760, win.Canvas().Size().Width*0.9), min(480, win.Canvas().Size().Height*0.85)))
		dlg.Show()
		return
	}
	dialog.NewCustomConfirm(i18n.T("notices.import.title"), i18n.T("notices.import.confirm"), i18n.T("notices.compose.cancel"),
		container.New(minWidth(420), summary), func(ok bool) {
			if !ok {
				return
			}
			ctx := d.s.env.Ctx()
			svc := d.s.env.Services.Notices
			var done *app.ReceiptImport
			d.background(i18n.T("notices.import.saving"), func() error {
				var err error
				done, err = svc.ImportReceipts(ctx, d.id, rows, false)
				return err
			}, func(err error) {
				if err != nil {
					d.s.env.ShowError(err)
					return
				}
				d.load()
				d.s.env.ShowInfo(i18n.T("notices.import.title"), i18n.T("notices.import.done", done.Acked, done.Already))
			})
		}, win).Show()
}

// classLabelsOf names the classes of the notice's target: those the list
// loaded, and those the notice's receipts are in.
func (d *noticeDetail) classLabelsOf() map[int64]string {
	m := make(map[int64]string, len(d.s.labels)+len(d.status.Classes))
	maps.Copy(m, d.s.labels)
	for _, cp := range d.status.Classes {
		m[cp.ClassID] = cp.ClassLabel
	}
	return m
}
