package xlsx

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"jxj/app"
)

// field is what a column holds.
type field uint8

// The fields of the sheets jxj reads.
const (
	fNone         field = iota
	fIgnore             // recognised and deliberately unused: 序号 is a row counter
	fName               // the student's (or staff member's) name
	fGender             // 性别
	fStudentNo          // 学号
	fGrade              // 年级
	fClass              // 班级
	fGuardianName       // a guardian's name
	fRelation           // a guardian's relation to the student
	fPhone              // a phone number
	fHeadTeacher        // 班主任
	fPost               // 职务
	fSubjects           // 任教学科
	fClasses            // 任教班级
	fCode               // 回执码: a receipt slip's code
	fDay                // 日期: a check-in's day
	fAnswer             // a form field's answers; role.item says which field
	fScore              // a subject's scores; role.item says which of the exam's subjects
	fOrgKind            // the bureau's list: 学校类型
	fTownship           // the bureau's list: 乡镇 or 学区
)

// The guardians of a roster row: up to three numbered ones (家长1, 家长2 …)
// and the paired layouts that name the relation in the column (父亲姓名,
// 母亲电话). Rows list their guardians in this order.
const (
	gNone   uint8 = 0
	gFirst  uint8 = 1
	gLast   uint8 = 3 // the highest numbered guardian
	gFather uint8 = 4
	gMother uint8 = 5
	nGroups       = 6
)

// groupRelation is the relation of the paired layouts' guardians.
var groupRelation = [nGroups]string{gFather: "父亲", gMother: "母亲"}

// role is what a recognised header cell means. bare marks a guardian
// column that names no guardian (家长姓名, 联系电话): it goes to the first
// guardian that still lacks that field, or, after a 父亲/母亲 column, to
// that guardian.
type role struct {
	field field
	group uint8
	bare  bool
	item  int // fAnswer: the field's index in Form.Fields
}

// synonyms lists the header names of one role, written as normalizeHeader
// returns them: narrow, lower case, without spaces, '*' or notes in
// brackets.
type synonyms struct {
	role  role
	names []string
}

// ---------------------------------------------------------------------------
// The header names jxj recognises. To teach it a new way a school writes a
// column, add the name to the right list below; TestSynonymTables checks
// that no name means two things.

// The names of the columns that say which student a row is, shared by
// the roster, receipt and answer sheets.
var (
	studentNameNames = []string{"姓名", "学生姓名", "学生", "名字", "学生名字", "学生名称", "幼儿姓名",
		"name", "studentname", "student", "fullname"}
	studentNoNames = []string{"学号", "学籍号", "学生编号", "编号", "学生学号", "学籍编号", "学生号",
		"studentno", "studentnumber", "studentid", "number"}
	studentClassNames = []string{"班级", "班", "所在班级", "班别", "班级名称", "年级班级", "class", "classname"}
	// 序号 numbers the rows; it is not a student number.
	rowNumberNames = []string{"序号", "行号", "no", "index", "seq"}
)

var rosterColumns = []synonyms{
	{role{field: fName}, studentNameNames},
	{role{field: fGender}, []string{"性别", "学生性别", "gender", "sex"}},
	{role{field: fStudentNo}, studentNoNames},
	{role{field: fGrade}, []string{"年级", "所在年级", "年级名称", "grade", "year"}},
	{role{field: fClass}, studentClassNames},
	{role{field: fIgnore}, rowNumberNames},
	// Second phones without a guardian word.
	{role{field: fPhone, group: 2}, []string{"备用电话", "备用手机", "备用联系电话", "其他电话", "其他联系电话",
		"第二联系电话", "otherphone"}},
}

// guardianHeads are the words that say whose a guardian column is; every
// head combines with every tail of guardianTails (家长 + 电话 = 家长电话).
var guardianHeads = []struct {
	group uint8
	bare  bool
	words []string
}{
	{gFirst, true, []string{"家长", "监护人", "联系人", "父母", "家长或监护人", "guardian", "parent", "contact"}},
	{1, false, []string{"家长1", "家长一", "监护人1", "监护人一", "第一监护人", "联系人1", "第一联系人",
		"guardian1", "parent1", "contact1"}},
	{2, false, []string{"家长2", "家长二", "监护人2", "监护人二", "第二监护人", "联系人2", "第二联系人",
		"guardian2", "parent2", "contact2"}},
	{3, false, []string{"家长3", "家长三", "监护人3", "监护人三", "第三监护人", "联系人3", "第三联系人",
		"guardian3", "parent3", "contact3"}},
	{gFather, false, []string{"父亲", "爸爸", "father"}},
	{gMother, false, []string{"母亲", "妈妈", "mother"}},
}

// guardianTails are the words that say which of a guardian's fields a
// column holds. The relation and phone words also stand alone (联系电话),
// and take a guardian number after them (联系电话2).
var guardianTails = []struct {
	field field
	words []string
}{
	{fGuardianName, []string{"", "姓名", "名字", "名称", "name"}},
	{fRelation, []string{"关系", "与学生关系", "与学生的关系", "与本人关系", "称谓", "身份", "relation", "relationship"}},
	{fPhone, []string{"电话", "手机", "手机号", "手机号码", "联系电话", "联系方式", "电话号码", "联系手机",
		"phone", "mobile", "tel", "telephone", "phoneno", "phonenumber", "mobileno"}},
}

var classColumns = []synonyms{
	{role{field: fGrade}, []string{"年级", "所在年级", "年级名称", "grade"}},
	{role{field: fClass}, []string{"班级", "班", "班别", "班级名称", "班名", "年级班级", "class", "classname"}},
	{role{field: fHeadTeacher}, []string{"班主任", "班主任姓名", "班主任老师", "headteacher", "classteacher", "teacher"}},
	{role{field: fIgnore}, []string{"序号", "行号", "no", "index"}},
}

var staffColumns = []synonyms{
	{role{field: fName}, []string{"姓名", "教师姓名", "教职工姓名", "名字", "教师", "name", "staffname"}},
	{role{field: fPost}, []string{"职务", "岗位", "职位", "担任职务", "post", "position", "role", "job"}},
	{role{field: fSubjects}, []string{"任教学科", "学科", "科目", "任教科目", "所教学科", "subject", "subjects"}},
	{role{field: fPhone}, []string{"联系电话", "手机", "电话", "手机号", "手机号码", "联系方式", "phone", "mobile", "tel"}},
	{role{field: fClasses}, []string{"任教班级", "班级", "所教班级", "任课班级", "classes", "class"}},
	{role{field: fIgnore}, []string{"序号", "行号", "no", "index"}},
}

// receiptColumns are the columns of a sheet of returned receipts: a slip
// code, or a student by number or name (and class).
var receiptColumns = []synonyms{
	{role{field: fCode}, []string{"回执码", "回执编码", "回执条码", "回执编号", "回执号", "code", "slipcode", "receiptcode"}},
	{role{field: fStudentNo}, studentNoNames},
	{role{field: fName}, studentNameNames},
	{role{field: fClass}, studentClassNames},
	{role{field: fIgnore}, rowNumberNames},
}

// answerColumns are the fixed columns of an answer sheet, and dayColumn
// that of a check-in's; the form's field labels are the others
// (newAnswerReader).
var (
	answerColumns = []synonyms{
		{role{field: fStudentNo}, studentNoNames},
		{role{field: fName}, studentNameNames},
		{role{field: fClass}, studentClassNames},
		{role{field: fIgnore}, rowNumberNames},
	}
	dayColumn = synonyms{role{field: fDay}, []string{"日期", "打卡日期", "date", "day"}}
)

// The names of a score sheet's columns besides the student's: the
// subjects (matched against the exam's in newScoreColumns) and the columns
// jxj works out itself and does not read.
var (
	// subjectNames are the names one subject goes by; an exam's subject
	// also answers to the others of its list, unless the exam has two of
	// them. The exam's own names need not be listed.
	subjectNames = [][]string{
		{"语文", "chinese"},
		{"数学", "math", "maths", "mathematics"},
		{"英语", "外语", "english"},
		{"道德与法治", "道法", "思想品德", "思品", "政治", "思想政治", "品德与社会", "品德与生活", "品德"},
		{"物理", "physics"},
		{"化学", "chemistry"},
		{"生物", "生物学", "biology"},
		{"历史", "history"},
		{"地理", "geography"},
		{"科学", "science"},
		{"信息技术", "信息科技", "信息", "computing"},
		{"体育", "体育与健康", "pe"},
		{"音乐", "music"},
		{"美术", "art"},
	}
	// subjectSuffixes may follow a subject's name: 语文成绩.
	subjectSuffixes = []string{"成绩", "分数", "得分", "score"}
	// scoreIgnoreNames are the columns a school's score sheet has that
	// jxj computes (totals, ranks, averages) or does not keep; they are
	// left out of the "columns not recognised" message. 班名 is not here:
	// it is a class name as often as a class rank.
	scoreIgnoreNames = []string{"总分", "总成绩", "总计", "合计", "名次", "排名", "排序",
		"班级名次", "班级排名", "班名次", "班排名", "班内排名", "班次",
		"年级名次", "年级排名", "级名次", "级排名", "年级排序", "年排", "级名",
		"校名次", "校排名", "学校名次", "学校排名", "全校排名", "区排名", "联考排名",
		"平均分", "平均", "均分", "等级", "等第", "考号", "准考证号", "座号", "座位号", "考场", "考场号",
		"性别", "备注", "进退步", "total", "rank", "classrank", "graderank", "average", "avg", "gender", "sex", "note"}
)

// ---------------------------------------------------------------------------

// schema is one kind of sheet: its header names and the columns it cannot
// do without.
type schema struct {
	roles map[string]role
	// labels are names matched as written (labelKey), whatever their
	// length: the field labels of a form, where 身高(cm) and 身高(m) are
	// two columns. A label that is also a name of roles is the field's
	// when that role is taken by a column to its left.
	labels   map[string]role
	required []field // a header has at least one of these
	// for the "no header" message: noHeaderKey with the number of rows
	// looked at, or else sheets.error.no_header with the required column
	// and examples
	noHeaderKey  string
	requiredName string
	examples     string
	// guardians enables the guardian grouping rules of a roster
	guardians bool
	conflicts []string // names given two meanings; empty (a test checks)
}

var (
	rosterSchema  = newSchema(rosterColumns, true, []field{fName}, "姓名", "学号、姓名、性别、班级、家长姓名、联系电话")
	classSchema   = newSchema(classColumns, false, []field{fClass}, "班级", "年级、班级、班主任")
	staffSchema   = newSchema(staffColumns, false, []field{fName}, "姓名", "姓名、职务、任教学科、联系电话、任教班级")
	receiptSchema = func() *schema {
		s := newSchema(receiptColumns, false, []field{fCode, fStudentNo, fName}, "", "")
		s.noHeaderKey = "sheets.wb.error.receipt_header"
		return s
	}()
)

func newSchema(cols []synonyms, guardians bool, required []field, requiredName, examples string) *schema {
	s := &schema{roles: make(map[string]role), required: required, requiredName: requiredName,
		examples: examples, guardians: guardians}
	add := func(name string, r role) {
		if old, dup := s.roles[name]; dup && old != r {
			s.conflicts = append(s.conflicts, name)
			return
		}
		s.roles[name] = r
	}
	for _, c := range cols {
		for _, n := range c.names {
			add(n, c.role)
		}
	}
	if !guardians {
		return s
	}
	for _, h := range guardianHeads {
		for _, head := range h.words {
			for _, t := range guardianTails {
				for _, tail := range t.words {
					add(head+tail, role{field: t.field, group: h.group, bare: h.bare})
					if h.bare && tail != "" {
						// 家长电话2, 监护人姓名1
						for g := gFirst; g <= gLast; g++ {
							add(head+tail+strconv.Itoa(int(g)), role{field: t.field, group: g})
						}
					}
				}
			}
		}
	}
	for _, t := range guardianTails {
		if t.field == fGuardianName {
			continue // 姓名 alone is the student's
		}
		for _, tail := range t.words {
			add(tail, role{field: t.field, group: gFirst, bare: true})
			for g := gFirst; g <= gLast; g++ {
				add(tail+strconv.Itoa(int(g)), role{field: t.field, group: g})
			}
		}
	}
	return s
}

// normalizeHeader reduces a header cell to the form of the synonym tables:
// full-width characters narrowed, lower case, without spaces of any width,
// line breaks, '*', ':', '.', '_', '-', quotes, and without notes in
// brackets such as （必填） or [选填].
func normalizeHeader(s string) string {
	s = app.NarrowText(s)
	var b strings.Builder
	b.Grow(len(s))
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[', '【', '〔', '<', '《':
			depth++
			continue
		case ')', ']', '】', '〕', '>', '》':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 || unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		switch r {
		case '*', ':', '.', '_', '-', '"', '\'', '\u200b', '\ufeff':
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// labelKey reduces a field label or a header cell for an exact match:
// full-width characters narrowed, lower case, without spaces.
func labelKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(app.NarrowText(s)), ""))
}

// header is a header row found in a sheet: which column holds what.
type header struct {
	line    int          // 1-based row number
	score   int          // recognised columns
	cols    map[role]int // resolved role (bare false) → column index
	columns []string     // the recognised header cells, in sheet order
	extra   []string     // other non-empty cells (a repeated name too), in sheet order
}

// col returns the column of a field (of a guardian group), or -1.
func (h *header) col(f field, group uint8) int {
	if i, ok := h.cols[role{field: f, group: group}]; ok {
		return i
	}
	return -1
}

// item returns the column of the form field with index i, or -1.
func (h *header) item(i int) int {
	if c, ok := h.cols[role{field: fAnswer, item: i}]; ok {
		return c
	}
	return -1
}

// hasAny reports whether the header has a column for one of fs.
func (h *header) hasAny(fs []field) bool {
	return slices.ContainsFunc(fs, func(f field) bool { return h.col(f, gNone) >= 0 })
}

// used returns the recognised columns, in sheet order.
func (h *header) used() []int {
	out := make([]int, 0, len(h.cols))
	for _, i := range h.cols {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}

// matchHeader reads cells as a header row of the schema. The result's
// score counts the recognised columns; it is 0 when no required column
// is there.
func matchHeader(cells []string, sc *schema) header {
	h := header{cols: make(map[role]int)}
	roles := make([]role, len(cells))
	found := make([]bool, len(cells))
	// labelled: a cell that is a label and a name of the table, such as a
	// check-in's field 日期 next to the day's 日期 column
	var labelled map[int]role
	for i, c := range cells {
		if len(c) <= 64 { // longer is a title or a note, not a column name
			roles[i], found[i] = sc.roles[normalizeHeader(c)]
		}
		if len(sc.labels) == 0 {
			continue
		}
		if r, ok := sc.labels[labelKey(c)]; ok {
			if !found[i] || roles[i].field == fIgnore {
				roles[i], found[i] = r, true
			} else {
				if labelled == nil {
					labelled = make(map[int]role)
				}
				labelled[i] = r
			}
		}
	}
	assigned := make([]bool, len(cells))
	take := func(i int, r role) bool {
		if _, dup := h.cols[r]; dup {
			return false
		}
		h.cols[r] = i
		assigned[i] = true
		return true
	}
	// Explicit columns first, so that bare ones fill what is left.
	for i := range cells {
		r := roles[i]
		if !found[i] || r.bare || r.field == fIgnore {
			continue
		}
		if l, ok := labelled[i]; ok {
			// The table's column comes first, as jxj writes it; a second
			// column of that name is the field's.
			if _, dup := h.cols[r]; dup {
				r, roles[i] = l, l
			}
		}
		if r.field == fName && sc.guardians {
			if _, dup := h.cols[r]; dup {
				// a second 姓名 column is a guardian's (学生: 姓名 … 家长: 姓名)
				roles[i] = role{field: fGuardianName, group: gFirst, bare: true}
				continue
			}
		}
		take(i, r)
	}
	lastGroup := gNone
	for i := range cells {
		r := roles[i]
		if !found[i] || r.field == fIgnore {
			continue
		}
		if r.bare {
			if (r.field == fRelation || r.field == fPhone) && lastGroup >= gFather {
				// 父亲 | 电话 | 母亲 | 电话
				if take(i, role{field: r.field, group: lastGroup}) {
					continue
				}
			}
			for g := gFirst; g <= gLast; g++ {
				if take(i, role{field: r.field, group: g}) {
					lastGroup = g
					break
				}
			}
			continue
		}
		if assigned[i] && r.group != gNone {
			lastGroup = r.group
		}
	}
	for i, c := range cells {
		switch {
		case assigned[i]:
			h.columns = append(h.columns, strings.TrimSpace(c))
			h.score++
		case (!found[i] || roles[i].field != fIgnore) && strings.TrimSpace(c) != "":
			h.extra = append(h.extra, strings.TrimSpace(c))
		}
	}
	if !h.hasAny(sc.required) {
		h.score = 0
	}
	return h
}
