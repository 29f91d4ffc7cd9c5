package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// The side panels of the answers view: live totals, a chain's sign-up
// lists and a check-in day's non-responders. Each is rebuilt from the
// sheet after every change.

// totalsView shows per question the counts and percentages of choices
// as a bar chart, the sum, average, minimum and maximum of numbers, how
// many answered other questions, and the students who have not answered.
// The charts are kept from one change to the next (one per question), so
// the old picture stays until the new one is drawn.
func (a *formAnswers) totalsView() fyne.CanvasObject {
	t := a.totals
	box := container.NewVBox(boldLabel(i18n.T("formpage.totals.title", progressText(a.form().Kind, t.Answered, t.Students))))
	for _, ft := range t.Fields {
		box.Add(widget.NewSeparator())
		box.Add(boldLabel(ft.Field.Label))
		switch {
		case ft.Options != nil:
			v := a.choiceCharts[ft.Field.Key]
			if v == nil {
				v = newChartView(a.s.env, a.s.run, 0)
				a.choiceCharts[ft.Field.Key] = v
			}
			v.SetChart(choiceChart(ft))
			box.Add(v.Content())
		case ft.Number != nil && ft.Number.Count > 0:
			n := ft.Number
			box.Add(widget.NewLabel(i18n.T("formpage.totals.number", n.Count,
				formatNumber(n.Sum), formatNumber(n.Avg), formatNumber(n.Min), formatNumber(n.Max))))
		default:
			box.Add(widget.NewLabel(i18n.T("formpage.totals.answered", ft.Answered)))
		}
	}
	box.Add(widget.NewSeparator())
	box.Add(studentListView(i18n.T("formpage.totals.missing", len(t.Missing)), t.Missing, a.multi))
	return box
}

// choiceChart is a question's options as bars of their share of the
// answers, each named with its count and share.
func choiceChart(ft app.FieldTotal) *app.Chart {
	c := &app.Chart{Kind: app.ChartBars, Percent: true, Series: []app.ChartSeries{{Name: i18n.T("charts.form.share")}}}
	for _, o := range ft.Options {
		name := o.Option
		if ft.Field.Type == app.FieldYesNo {
			name = yesNoText(o.Option)
		}
		c.Labels = append(c.Labels, i18n.T("charts.form.option", name, i18n.T("formpage.totals.count", o.Count, o.Percent)))
		c.Series[0].Values = append(c.Series[0].Values, o.Percent/100)
	}
	return c
}

// chainView shows each item of a chain with who signed up, in order.
func chainView(items []app.ChainItem, multiClass bool) fyne.CanvasObject {
	box := container.NewVBox(boldLabel(i18n.T("formpage.chain.title")))
	for _, it := range items {
		box.Add(widget.NewSeparator())
		count := i18n.T("formpage.chain.count", len(it.Signups))
		if it.Limit > 0 {
			count = i18n.T("formpage.chain.count_limit", len(it.Signups), it.Limit)
		}
		if it.Full() {
			count = i18n.T("formpage.chain.full", count)
		}
		head := widget.NewLabel(count)
		if it.Full() {
			head.Importance = widget.WarningImportance
		}
		box.Add(container.NewBorder(nil, nil, nil, head, boldLabel(it.Option)))
		lines := make([]string, len(it.Signups))
		for i, st := range it.Signups {
			lines[i] = i18n.T("formpage.chain.signup", i+1, studentName(st, multiClass))
		}
		if len(lines) > 0 {
			l := newWrapLabel(strings.Join(lines, "\n"))
			box.Add(l)
		}
	}
	return box
}

// studentListView is a titled, wrapped list of students, or "none".
func studentListView(title string, students []app.FormStudent, multiClass bool) fyne.CanvasObject {
	names := make([]string, len(students))
	for i, st := range students {
		names[i] = studentName(st, multiClass)
	}
	text := strings.Join(names, i18n.T("homeworkpage.list_sep"))
	if len(students) == 0 {
		text = i18n.T("formpage.totals.nobody")
	}
	l := newWrapLabel(text)
	return container.NewVBox(boldLabel(title), l)
}

// studentName is a student as a list names them, with the class when
// the form asks more than one.
func studentName(st app.FormStudent, multiClass bool) string {
	if multiClass {
		return i18n.T("formpage.student_in_class", st.StudentName, st.ClassLabel)
	}
	return st.StudentName
}

func boldLabel(text string) *wrapLabel {
	return newWrapLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// formatNumber writes a statistic with at most two decimals.
func formatNumber(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// yesNoText shows a stored yes/no as 是/否.
func yesNoText(v string) string {
	switch v {
	case app.Yes:
		return i18n.T("form.yes")
	case app.No:
		return i18n.T("form.no")
	}
	return v
}
