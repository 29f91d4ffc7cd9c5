package xlsx

import (
	"strings"

	"jxj/app"
)

// rosterLayout makes roster rows. Cells are kept as they are (app.PlanRoster
// cleans and checks them) except numbers: a phone or student number stored
// as a number comes out as its digits.
func rosterLayout(h *header) func(line int, cells []string) app.RosterRow {
	name, gender, no := h.col(fName, gNone), h.col(fGender, gNone), h.col(fStudentNo, gNone)
	grade, class := h.col(fGrade, gNone), h.col(fClass, gNone)
	type guardianCols struct {
		name, relation, phone int
		fixed                 string // the relation a 父亲/母亲 column names
	}
	var gs []guardianCols
	for g := gFirst; g < nGroups; g++ {
		c := guardianCols{h.col(fGuardianName, g), h.col(fRelation, g), h.col(fPhone, g), groupRelation[g]}
		if c.name >= 0 || c.phone >= 0 {
			gs = append(gs, c)
		}
	}
	// Guardians of all rows share large backing arrays: one allocation per
	// few hundred rows instead of one per row.
	var slab []app.GuardianInput
	return func(line int, cells []string) app.RosterRow {
		r := app.RosterRow{
			Line:      line,
			Name:      cell(cells, name),
			Gender:    cell(cells, gender),
			StudentNo: fixNumber(cell(cells, no)),
			GradeText: cell(cells, grade),
			ClassText: cell(cells, class),
		}
		start := len(slab)
		for _, g := range gs {
			gi := app.GuardianInput{
				Name:     cell(cells, g.name),
				Relation: cell(cells, g.relation),
				Phone:    fixNumber(cell(cells, g.phone)),
			}
			if strings.TrimSpace(gi.Name) == "" && strings.TrimSpace(gi.Phone) == "" {
				continue
			}
			if strings.TrimSpace(gi.Relation) == "" {
				gi.Relation = g.fixed
			}
			if len(slab) == cap(slab) {
				// move this row's guardians to a fresh array
				next := make([]app.GuardianInput, len(slab)-start, 512)
				copy(next, slab[start:])
				slab, start = next, 0
			}
			slab = append(slab, gi)
		}
		if len(slab) > start {
			r.Guardians = slab[start:len(slab):len(slab)]
		}
		return r
	}
}

func classLayout(h *header) func(line int, cells []string) app.ClassRow {
	grade, class, teacher := h.col(fGrade, gNone), h.col(fClass, gNone), h.col(fHeadTeacher, gNone)
	return func(line int, cells []string) app.ClassRow {
		return app.ClassRow{
			Line:        line,
			GradeText:   fixNumber(cell(cells, grade)),
			ClassText:   cell(cells, class),
			HeadTeacher: cell(cells, teacher),
		}
	}
}

func staffLayout(h *header) func(line int, cells []string) app.StaffRow {
	name, post, subjects := h.col(fName, gNone), h.col(fPost, gNone), h.col(fSubjects, gNone)
	phone, classes := h.col(fPhone, gNone), h.col(fClasses, gNone)
	return func(line int, cells []string) app.StaffRow {
		return app.StaffRow{
			Line:     line,
			Name:     cell(cells, name),
			Post:     cell(cells, post),
			Subjects: cell(cells, subjects),
			Phone:    fixNumber(cell(cells, phone)),
			Classes:  cell(cells, classes),
		}
	}
}

// fixNumber writes a whole number that a program stored in float form as
// its digits: "13812341234.0" (pandas) or "1.3812341234E10". Exponent
// forms that would need made-up zeros ("1.38E+10", what Excel shows in a
// narrow column) stay as they are, so the check of the cell rejects them
// rather than importing a wrong phone. Anything else is returned as is,
// without allocating.
func fixNumber(s string) string {
	dot, exp := -1, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0 && exp < 0:
			dot = i
		case (c == 'e' || c == 'E') && exp < 0 && i > 0:
			exp = i
		case (c == '+' || c == '-') && exp >= 0 && i == exp+1:
		default:
			return s
		}
	}
	if dot < 0 && exp < 0 {
		return s
	}
	mant := s
	e := 0
	if exp >= 0 {
		mant = s[:exp]
		es := strings.TrimPrefix(strings.TrimPrefix(s[exp+1:], "+"), "-")
		if es == "" || len(es) > 2 {
			return s
		}
		for i := 0; i < len(es); i++ {
			e = e*10 + int(es[i]-'0')
		}
		if strings.HasPrefix(s[exp+1:], "-") {
			e = -e
		}
	}
	intPart, frac := mant, ""
	if dot >= 0 {
		intPart, frac = mant[:dot], mant[dot+1:]
	}
	if intPart == "" {
		return s
	}
	digits := intPart + frac
	point := len(intPart) + e
	if point < 1 || point > len(digits) {
		return s // a fraction, or digits Excel did not keep
	}
	if strings.Trim(digits[point:], "0") != "" {
		return s // not a whole number
	}
	return digits[:point]
}
