package sync

import (
	"errors"

	"jxj/app"
)

// DayColumns is a day_stats op's aggregate (PROTOCOL.md, "Daily
// aggregates"): counts only, the grade-and-gender groups and the classes
// in columns, as receipts travel, so gzip folds them to a few hundred
// bytes.
type DayColumns struct {
	Day  string `json:"d"`
	Made int64  `json:"made"`
	// one entry per grade and gender
	Grade    []int    `json:"g"`
	Gender   []string `json:"sex"`
	Students []int    `json:"st"`
	Expected []int    `json:"exp"`
	Absent   []int    `json:"abs"`
	Leave    []int    `json:"lv"`
	// one entry per class
	ClassGrade []int `json:"cg"`
	ClassSize  []int `json:"cs"`

	Teachers int    `json:"t"`
	Covered  int    `json:"cov"`
	Calls    [2]int `json:"calls"` // taken, expected
	Streaks  []int  `json:"streak"`
}

func encodeDay(d *app.DayStats) *DayColumns {
	c := &DayColumns{Day: d.Day, Made: d.Made, Teachers: d.Teachers, Covered: d.Covered,
		Calls: [2]int{d.CallsTaken, d.CallsExpected}, Streaks: d.Streaks}
	for _, g := range d.Groups {
		c.Grade = append(c.Grade, g.Grade)
		c.Gender = append(c.Gender, g.Gender)
		c.Students = append(c.Students, g.Students)
		c.Expected = append(c.Expected, g.Expected)
		c.Absent = append(c.Absent, g.Absent)
		c.Leave = append(c.Leave, g.Leave)
	}
	for _, cl := range d.Classes {
		c.ClassGrade = append(c.ClassGrade, cl.Grade)
		c.ClassSize = append(c.ClassSize, cl.Students)
	}
	return c
}

// decodeDay reads an aggregate's columns; columns of different lengths
// are an error. What the counts mean is checked by the hub
// (app.DayStats.Validate).
func decodeDay(c *DayColumns) (*app.DayStats, error) {
	if c == nil {
		return nil, errors.New("day missing")
	}
	n := len(c.Grade)
	if len(c.Gender) != n || len(c.Students) != n || len(c.Expected) != n || len(c.Absent) != n || len(c.Leave) != n ||
		len(c.ClassGrade) != len(c.ClassSize) {
		return nil, errors.New("day columns of different lengths")
	}
	d := &app.DayStats{Day: c.Day, Made: c.Made, Teachers: c.Teachers, Covered: c.Covered,
		CallsTaken: c.Calls[0], CallsExpected: c.Calls[1], Streaks: c.Streaks}
	for i := range n {
		d.Groups = append(d.Groups, app.DayGroup{Grade: c.Grade[i], Gender: c.Gender[i], Students: c.Students[i],
			Expected: c.Expected[i], Absent: c.Absent[i], Leave: c.Leave[i]})
	}
	for i := range c.ClassGrade {
		d.Classes = append(d.Classes, app.ClassCount{Grade: c.ClassGrade[i], Students: c.ClassSize[i]})
	}
	return d, nil
}
