package app

import (
	"reflect"
	"testing"
)

// errorKey is the translation key of err, "" when it is nil or not an
// *Error.
func errorKey(err error) string {
	var e *Error
	if asError(err, &e) {
		return e.Key
	}
	return ""
}

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
		str  string // the canonical form
	}{
		{"school", Target{School: true}, "school"},
		{"staff", Target{Staff: true}, "staff"},
		{"grade:1", Target{Grades: []int{1}}, "grade:1"},
		{"grade:12", Target{Grades: []int{12}}, "grade:12"},
		{"class:12", Target{ClassIDs: []int64{12}}, "class:12"},
		{"grade:3,grade:1,grade:3", Target{Grades: []int{1, 3}}, "grade:1,grade:3"},
		{" class:12 ,, class:3 ", Target{ClassIDs: []int64{3, 12}}, "class:3,class:12"},
		{"staff,class:5,grade:2", Target{Grades: []int{2}, ClassIDs: []int64{5}, Staff: true}, "grade:2,class:5,staff"},
		// the whole school covers every grade and class, not the staff
		{"grade:2,school,class:7,staff", Target{School: true, Staff: true}, "school,staff"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			if err != nil {
				t.Fatalf("ParseTarget(%q) error %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseTarget(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.str {
				t.Errorf("String() = %q, want %q", s, tt.str)
			}
			back, err := ParseTarget(got.String())
			if err != nil || !reflect.DeepEqual(back, got) {
				t.Errorf("ParseTarget(%q) = %+v, %v; want the same target back", got.String(), back, err)
			}
		})
	}
}

func TestParseTargetErrors(t *testing.T) {
	tests := []struct {
		in, key string
	}{
		{"", "target.error.empty"},
		{" , ,", "target.error.empty"},
		{"grade:0", "target.error.grade"},
		{"grade:13", "target.error.grade"},
		{"grade:一", "target.error.grade"},
		{"grade", "target.error.grade"},
		{"class:0", "target.error.class"},
		{"class:-3", "target.error.class"},
		{"class:3班", "target.error.class"},
		{"everyone", "target.error.part"},
		{"School", "target.error.part"},
		{"grade:1,families", "target.error.part"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			if ErrorCode(err) != EINVALID || errorKey(err) != tt.key {
				t.Fatalf("ParseTarget(%q) error %v, want EINVALID %s", tt.in, err, tt.key)
			}
			if !got.Empty() {
				t.Errorf("ParseTarget(%q) = %+v with its error, want the empty target", tt.in, got)
			}
		})
	}
}

// String normalizes a target built by hand as ParseTarget would.
func TestTargetStringNormalizes(t *testing.T) {
	tg := Target{Grades: []int{3, 1, 3}, ClassIDs: []int64{9, 2, 9}}
	if got, want := tg.String(), "grade:1,grade:3,class:2,class:9"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := (Target{}).String(); got != "" {
		t.Errorf("empty target String() = %q, want \"\"", got)
	}
}

func TestTargetIncludesClass(t *testing.T) {
	c := &Class{ID: 7, Grade: 2, Name: "3班"}
	tests := []struct {
		target Target
		want   bool
	}{
		{Target{School: true}, true},
		{Target{Grades: []int{2}}, true},
		{Target{Grades: []int{1, 3}}, false},
		{Target{ClassIDs: []int64{7}}, true},
		{Target{ClassIDs: []int64{8}}, false},
		{Target{Staff: true}, false},
	}
	for _, tt := range tests {
		if got := tt.target.IncludesClass(c); got != tt.want {
			t.Errorf("%q.IncludesClass(class 7 of grade 2) = %v, want %v", tt.target.String(), got, tt.want)
		}
	}
}

func TestCheckTarget(t *testing.T) {
	admin := &Account{Username: "admin", Role: RoleAdmin}
	principal := &Account{Username: "zhou", Role: RolePrincipal}
	teacher := &Account{Username: "li", Role: RoleTeacher, ClassIDs: []int64{3, 5}}
	orphan := &Account{Username: "wang", Role: RoleTeacher}
	tests := []struct {
		name    string
		account *Account
		target  string
		code    string // "" for allowed
		key     string
	}{
		{"admin school", admin, "school", "", ""},
		{"admin staff and grade", admin, "staff,grade:2", "", ""},
		{"principal school", principal, "school", "", ""},
		{"principal other class", principal, "class:9", "", ""},
		{"teacher own class", teacher, "class:3", "", ""},
		{"teacher both own classes", teacher, "class:3,class:5", "", ""},
		{"teacher other class", teacher, "class:4", EFORBIDDEN, "target.error.own_classes_only"},
		{"teacher own and other class", teacher, "class:3,class:4", EFORBIDDEN, "target.error.own_classes_only"},
		{"teacher school", teacher, "school", EFORBIDDEN, "target.error.own_classes_only"},
		{"teacher grade", teacher, "grade:1", EFORBIDDEN, "target.error.own_classes_only"},
		{"teacher staff", teacher, "staff", EFORBIDDEN, "target.error.own_classes_only"},
		{"teacher without classes", orphan, "class:3", EFORBIDDEN, "target.error.own_classes_only"},
		{"nobody logged in", nil, "class:3", EUNAUTHORIZED, "error.login_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, err := ParseTarget(tt.target)
			if err != nil {
				t.Fatal(err)
			}
			err = CheckTarget(tt.account, target)
			if ErrorCode(err) != tt.code || errorKey(err) != tt.key {
				t.Errorf("CheckTarget = %v, want code %q key %q", err, tt.code, tt.key)
			}
		})
	}
	// a draft saved before its target was chosen cannot be sent, by anyone
	if err := CheckTarget(admin, Target{}); ErrorCode(err) != EINVALID || errorKey(err) != "target.error.empty" {
		t.Errorf("CheckTarget(admin, empty) = %v, want EINVALID target.error.empty", err)
	}
}
