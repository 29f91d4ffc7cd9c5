package app

import (
	"reflect"
	"testing"
)

func TestDirectorySearch(t *testing.T) {
	entries := []DirectoryEntry{
		{StudentID: 1, Name: "张三", StudentNo: "2026001", ClassID: 1,
			Guardians: []GuardianContact{{Name: "张大山", Phone: "13812341234"}}},
		{StudentID: 2, Name: "李喆", StudentNo: "2026002", ClassID: 1,
			Guardians: []GuardianContact{{Name: "王芳", Phone: "139****5678", PhoneMasked: true}}},
		{StudentID: 3, Name: "赵子龙", StudentNo: "2026103", ClassID: 2},
		{StudentID: 4, Name: "Anna Li", StudentNo: "2026104", ClassID: 2},
	}
	ix := NewDirectoryIndex(entries)
	tests := []struct {
		query string
		class int64
		want  []int
	}{
		{"", 0, []int{0, 1, 2, 3}},
		{"", 2, []int{2, 3}},
		{"张三", 0, []int{0}},
		{"zs", 0, []int{0}},
		{"ZS", 0, []int{0}},
		{"zhangsan", 0, []int{0}},
		{"zds", 0, []int{0}},  // the guardian 张大山
		{"lz", 0, []int{1}},   // 李喆, a rare character
		{"zzl", 0, []int{2}},  // 赵子龙
		{"wf", 0, []int{1}},   // guardian 王芳
		{"1234", 0, []int{0}}, // phone digits
		{"5678", 0, []int{1}}, // the visible end of a masked phone
		{"9000", 0, nil},      // hidden digits never match
		{"2026", 0, []int{0, 1, 2, 3}},
		{"20261", 0, []int{2, 3}},
		{"２０２６１０３", 0, []int{2}}, // full-width digits
		{"anna", 0, []int{3}},
		{"li", 0, []int{1, 3}},
		{"zs 1234", 0, []int{0}},
		{"zs 9999", 0, nil},
		{"zs", 2, nil},
		{"不存在", 0, nil},
	}
	for _, tt := range tests {
		got := ix.Search(tt.query, tt.class)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Search(%q, %d) = %v, want %v", tt.query, tt.class, got, tt.want)
		}
	}
}

func TestGuardianChildren(t *testing.T) {
	entries := []DirectoryEntry{
		{StudentID: 1, Guardians: []GuardianContact{{GuardianID: 7}}},
		{StudentID: 2, Guardians: []GuardianContact{{GuardianID: 8}}},
		{StudentID: 3, Guardians: []GuardianContact{{GuardianID: 9}, {GuardianID: 7}}},
	}
	got := GuardianChildren(entries, 7)
	if len(got) != 2 || got[0].StudentID != 1 || got[1].StudentID != 3 {
		t.Errorf("GuardianChildren = %+v, want students 1 and 3", got)
	}
}
