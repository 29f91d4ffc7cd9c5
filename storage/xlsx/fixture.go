package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// WriteRosterFixture writes a realistic roster of n students to path
// (.xlsx) for benchmarks and end-to-end tests: a merged title row, the
// header on row 2, six grades of 45-student classes, two guardians per
// student, student numbers and phones stored as numbers (as schools'
// files have them), every student number and phone distinct. It is not
// used by the program itself.
func WriteRosterFixture(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.MergeCell("A1", "K1"); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"示例小学2026学年学生名单"}); err != nil {
		return err
	}
	head := make([]any, len(templateColumns))
	for i, c := range templateColumns {
		head[i] = c
	}
	if err := sw.SetRow("A2", head); err != nil {
		return err
	}
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given := []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂")
	gradeSize := max((n+5)/6, 1)
	row := make([]any, len(templateColumns))
	for i := range n {
		grade := min(i/gradeSize, 5) + 1
		class := (i%gradeSize)/45 + 1
		sur := surnames[i%len(surnames)]
		name := string([]rune{sur, given[i%len(given)], given[(i/len(given))%len(given)]})
		gender := "男"
		if i%2 == 1 {
			gender = "女"
		}
		phone := int64(13800000000 + 2*i)
		row[0] = 2026000001 + i
		row[1] = name
		row[2] = gender
		row[3] = fmt.Sprintf("%d年级", grade)
		row[4] = fmt.Sprintf("%d班", class)
		row[5] = string([]rune{sur, given[(i+3)%len(given)]})
		row[6] = "父亲"
		row[7] = phone
		row[8] = string([]rune{surnames[(i+7)%len(surnames)], given[(i+5)%len(given)]})
		row[9] = "母亲"
		row[10] = phone + 1
		ref, err := excelize.CoordinatesToCellName(1, i+3)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// BareRead streams every cell of the first sheet of path with excelize and
// nothing else: the yardstick the import benchmarks compare against. It
// returns the number of cells read. Not used by the program itself.
func BareRead(path string, opts excelize.Options) (cells int, err error) {
	f, err := excelize.OpenFile(path, opts)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetName(0))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		row, err := rows.Columns()
		if err != nil {
			return 0, err
		}
		cells += len(row)
	}
	return cells, rows.Error()
}
