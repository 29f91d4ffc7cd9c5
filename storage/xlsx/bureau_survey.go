package xlsx

import (
	"github.com/xuri/excelize/v2"

	"jxj/app"
	"jxj/app/i18n"
)

// WriteSurveyStatus writes a bureau survey's answers to path (.xlsx), as
// the console's follow view shows them: a sheet of each school's latest
// answer (a column per question, numbers as numbers), a sheet of the
// totals (the sum of each number, the count of each option) and a sheet
// of the schools that have not answered.
func (s *Sheets) WriteSurveyStatus(path string, st *app.HubSurveyStatus) error {
	return writeBook(path, func(f *excelize.File) error {
		qs := st.Survey.Questions
		answers := sheetName(st.Survey.Title, i18n.T("console_survey.xlsx.answers"))
		if err := f.SetSheetName(f.GetSheetName(0), answers); err != nil {
			return err
		}
		cols := []column{{title: i18n.T("bureau_console.col.township")}, {title: i18n.T("bureau_console.col.school")},
			{title: i18n.T("console_survey.col.answered_at")}, {title: i18n.T("console_survey.col.versions")}}
		for _, q := range qs {
			cols = append(cols, column{title: q.Label})
		}
		var rows [][]any
		for _, sc := range st.Schools {
			if sc.AnsweredAt.IsZero() {
				continue
			}
			row := []any{sc.Org.Township, sc.Org.Name, app.FormatMinute(sc.AnsweredAt), sc.Versions}
			for i := range qs {
				row = append(row, surveyCell(sc.Values, i))
			}
			rows = append(rows, row)
		}
		if err := writeTable(f, answers, 1, cols, rows); err != nil {
			return err
		}
		if err := writeSurveyTotals(f, answers, st.Totals); err != nil {
			return err
		}
		missing := sheetName(i18n.T("console_survey.xlsx.not_answered"), i18n.T("console_survey.xlsx.not_answered")+" (2)", answers)
		if _, err := f.NewSheet(missing); err != nil {
			return err
		}
		rows = rows[:0]
		for _, o := range st.NotAnswered {
			rows = append(rows, []any{o.Township, o.Name})
		}
		return writeTable(f, missing, 1, cols[:2], rows)
	})
}

// surveyCell is a school's answer to question i: a number as a number,
// nothing when blank.
func surveyCell(vs []app.SurveyValue, i int) any {
	if i >= len(vs) || vs[i].Blank() {
		return nil
	}
	if vs[i].Number != nil {
		return *vs[i].Number
	}
	return vs[i].Display(listSep())
}

// writeSurveyTotals adds the totals sheet: per question the schools that
// answered it, then its sum or the count of each option.
func writeSurveyTotals(f *excelize.File, taken string, totals []app.SurveyTotal) error {
	sheet := sheetName(i18n.T("console_survey.xlsx.totals"), i18n.T("console_survey.xlsx.totals")+" (2)", taken)
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	var rows [][]any
	for _, t := range totals {
		label := t.Question.Label
		rows = append(rows, []any{label, i18n.T("console_survey.total.answered"), t.Answered})
		if t.Question.Kind == app.QuestionNumber {
			rows = append(rows, []any{label, i18n.T("console_survey.total.sum"), t.Sum})
		}
		for i, o := range t.Question.Options {
			rows = append(rows, []any{label, o, t.Counts[i]})
		}
	}
	cols := []column{{title: i18n.T("console_survey.col.question")}, {title: i18n.T("console_survey.col.item")}, {title: i18n.T("console_survey.col.value")}}
	return writeTable(f, sheet, 1, cols, rows)
}
