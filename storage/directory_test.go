package storage

import (
	"context"
	"slices"
	"testing"
	"time"

	"jxj/app"
)

func TestDirectoryOrder(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	seedStaffAndClasses(t, db)
	mustImport(t, db, []app.RosterRow{
		rrow(2, "丁", "", "", "三年级10班"),
		rrow(3, "丙", "", "10", "三年级2班"),
		rrow(4, "乙", "", "9", "三年级2班"),
		rrow(5, "甲", "", "", "三年级2班"),
		rrow(6, "戊", "", "", "一年级1班"),
		rrow(7, "己", "", "", "三年级火箭班"), // unknown class: rejected
	})
	d, err := db.Services().Directory.Directory(adminCtx)
	if err != nil {
		t.Fatal(err)
	}
	var classes []string
	for _, c := range d.Classes {
		classes = append(classes, c.Label())
	}
	if want := []string{"一年级1班", "三年级2班", "三年级10班"}; !slices.Equal(classes, want) {
		t.Errorf("classes = %v; want %v", classes, want)
	}
	if c := d.Classes[1]; c.HeadTeacherName != "王芳" || c.StudentCount != 3 {
		t.Errorf("三年级2班 = head %q, %d students; want 王芳, 3", c.HeadTeacherName, c.StudentCount)
	}
	var names []string
	for _, e := range d.Entries {
		names = append(names, e.Name+"@"+e.ClassLabel)
	}
	// by class, then numbered students by number (9 before 10), then the rest
	want := []string{"戊@一年级1班", "乙@三年级2班", "丙@三年级2班", "甲@三年级2班", "丁@三年级10班"}
	if !slices.Equal(names, want) {
		t.Errorf("entries = %v; want %v", names, want)
	}
}

func TestDirectoryMasking(t *testing.T) {
	db := MustOpenDB(t)
	mustSetup(t, db)
	seedStaffAndClasses(t, db)
	ids := classIDs(t, db)
	mustImport(t, db, []app.RosterRow{
		rrow(2, "本班", "", "", "三年级2班", "家长甲", "父亲", "13811112222"),
		rrow(3, "别班", "", "", "一年级1班", "家长乙", "母亲", "13833334444"),
	})

	tests := []struct {
		name       string
		ctx        context.Context
		own, other string // phones shown
	}{
		{"admin", adminCtx, "13811112222", "13833334444"},
		{"principal", as(app.RolePrincipal), "13811112222", "13833334444"},
		{"teacher of 三年级2班", as(app.RoleTeacher, ids["三年级2班"]), "13811112222", "138****4444"},
		{"teacher without classes", as(app.RoleTeacher), "138****2222", "138****4444"},
		{"nobody logged in", context.Background(), "138****2222", "138****4444"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := db.Services().Directory.Directory(tt.ctx)
			if err != nil {
				t.Fatal(err)
			}
			phones := map[string]app.GuardianContact{}
			for _, e := range d.Entries {
				phones[e.Name] = e.Guardians[0]
			}
			if g := phones["本班"]; g.Phone != tt.own || g.PhoneMasked != (tt.own != "13811112222") {
				t.Errorf("own class phone = %q (masked %v); want %q", g.Phone, g.PhoneMasked, tt.own)
			}
			if g := phones["别班"]; g.Phone != tt.other || g.PhoneMasked != (tt.other != "13833334444") {
				t.Errorf("other class phone = %q (masked %v); want %q", g.Phone, g.PhoneMasked, tt.other)
			}
		})
	}
}

// BenchmarkDirectory loads a school of 5,000 students and 10,000
// guardians.
func BenchmarkDirectory(b *testing.B) {
	db := MustOpenDB(b)
	mustSetup(b, db)
	mustImport(b, db, bigRoster(5000))
	svc := db.Services().Directory
	ctx := as(app.RoleTeacher, 1, 2)
	b.ReportAllocs()
	var cpu time.Duration
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		d, err := svc.Directory(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Entries) != 5000 {
			b.Fatalf("entries = %d; want 5000", len(d.Entries))
		}
	}
	cpu = cpuTime() - start
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/load")
	b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N), "cpu-ms/load")
}

func TestDirectoryWhileImporting(t *testing.T) {
	// readers have their own pool: the directory loads while an import
	// holds the write lock, and sees the state from before it
	db := MustOpenDB(t)
	mustSetup(t, db)
	mustImport(t, db, firstRoster)
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := db.Services().Roster.ImportRoster(adminCtx, bigRoster(300), func(n, total int) {
			if n == 100 {
				close(started)
				<-release
			}
		})
		done <- err
	}()
	<-started
	d, err := db.Services().Directory.Directory(adminCtx)
	close(release)
	if err != nil {
		t.Fatalf("Directory during an import: %v", err)
	}
	if len(d.Entries) != len(firstRoster) {
		t.Errorf("Directory during an import has %d entries; want %d (the committed ones)", len(d.Entries), len(firstRoster))
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if d, _ := db.Services().Directory.Directory(adminCtx); len(d.Entries) != len(firstRoster)+300 {
		t.Errorf("Directory after the import has %d entries; want %d", len(d.Entries), len(firstRoster)+300)
	}
}
