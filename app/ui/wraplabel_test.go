package ui

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// shownLines are the lines a wrapLabel shows.
func shownLines(l *wrapLabel) []string {
	return strings.Split(test.WidgetRenderer(l).Objects()[0].(*widget.Label).Text, "\n")
}

// newWrapTest returns a test app in jxj's light theme and the width of
// one Chinese character in it.
func newWrapTest(t *testing.T) (fyne.App, float32) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewTheme(ThemeLight))
	return a, fyne.MeasureText("各", theme.TextSize(), fyne.TextStyle{}).Width
}

// ems is the width of a label whose lines hold n Chinese characters.
func ems(n, em float32) float32 { return 2*theme.InnerPadding() + n*em }

func TestWrapLabelLines(t *testing.T) {
	_, em := newWrapTest(t)
	const text = "各位家长：请于本周五前带好50 米跳绳，交给王小明老师。"
	tests := []struct {
		name  string
		width float32 // in Chinese characters
		keep  []string
		want  []string
	}{
		{"one line", 30, []string{"王小明"}, []string{text}},
		{"10 a line", 10, []string{"王小明"}, []string{"各位家长：请于本周五", "前带好50 米跳绳，交", "给王小明老师。"}},
		{"8 a line", 8, []string{"王小明"}, []string{"各位家长：请于本", "周五前带好50 米", "跳绳，交给王小明", "老师。"}},
		// ： and 。 take a character along; 50 米 and 王小明 stay whole
		{"5 a line", 5, []string{"王小明"}, []string{"各位家长：", "请于本周五", "前带好", "50 米跳", "绳，交给", "王小明老", "师。"}},
		{"5 a line, the name not kept", 5, nil, []string{"各位家长：", "请于本周五", "前带好", "50 米跳", "绳，交给王", "小明老师。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newWrapLabel(text)
			l.Keep = tt.keep
			l.Resize(fyne.NewSize(ems(tt.width, em), 100))
			if got := shownLines(l); !slices.Equal(got, tt.want) {
				t.Errorf("at %v characters a line the label shows %q, want %q", tt.width, got, tt.want)
			}
		})
	}
}

// TestWrapLabelSize checks that the label asks for little width and for
// the height of its lines at its width, as a wrapping widget.Label does,
// also inside a layout.
func TestWrapLabelSize(t *testing.T) {
	_, em := newWrapTest(t)
	linesHigh := func(n int) float32 {
		return widget.NewLabel(strings.Repeat("各\n", n-1) + "各").MinSize().Height
	}
	l := newWrapLabel("各位家长，您好！\n请准时参加。")
	if got, want := l.MinSize().Height, linesHigh(2); got != want {
		t.Errorf("before its first layout the label asks for %v high, want %v (its own two lines)", got, want)
	}
	box := container.NewVBox(l, widget.NewButton("OK", nil))
	w := test.NewTempWindow(t, box)
	for _, tt := range []struct {
		width float32
		lines int
	}{{30, 2}, {6, 3}, {3, 5}, {20, 2}} {
		w.Resize(fyne.NewSize(ems(tt.width, em)+2*theme.Padding(), 400))
		box.Refresh() // a real window lays out again when a MinSize changed
		if got := len(shownLines(l)); got != tt.lines {
			t.Errorf("%v characters wide: %d lines %q, want %d", tt.width, got, shownLines(l), tt.lines)
		}
		if got, want := l.MinSize().Height, linesHigh(tt.lines); got != want {
			t.Errorf("%v characters wide: MinSize height %v, want %v (%d lines)", tt.width, got, want, tt.lines)
		}
		if got := l.Size().Height; got != linesHigh(tt.lines) {
			t.Errorf("%v characters wide: the box gives the label %v high, want %v", tt.width, got, linesHigh(tt.lines))
		}
		if got, want := l.MinSize().Width, 2*theme.InnerPadding(); got != want {
			t.Errorf("MinSize width %v, want %v (its padding, as a wrapping widget.Label)", got, want)
		}
	}
}

// bigText is a theme with text twice the size.
type bigText struct{ fyne.Theme }

func (t bigText) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameText {
		return 2 * t.Theme.Size(n)
	}
	return t.Theme.Size(n)
}

// TestWrapLabelRefresh checks that the lines follow the theme's text size,
// the text and the style, and that the label's importance and alignment
// show.
func TestWrapLabelRefresh(t *testing.T) {
	a, em := newWrapTest(t)
	l := newWrapLabelWithStyle("各位家长您好", fyne.TextAlignCenter, fyne.TextStyle{})
	l.Importance = widget.DangerImportance
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(ems(4, em), 200))
	if got, want := shownLines(l), []string{"各位家长", "您好"}; !slices.Equal(got, want) {
		t.Errorf("the label shows %q, want %q", got, want)
	}
	inner := test.WidgetRenderer(l).Objects()[0].(*widget.Label)
	if inner.Importance != widget.DangerImportance || inner.Alignment != fyne.TextAlignCenter {
		t.Errorf("the lines show with importance %v and alignment %v, want danger and centred", inner.Importance, inner.Alignment)
	}

	a.Settings().SetTheme(bigText{NewTheme(ThemeLight)})
	if got, want := shownLines(l), []string{"各位", "家长", "您好"}; !slices.Equal(got, want) {
		t.Errorf("with text twice the size the label shows %q, want %q", got, want)
	}
	a.Settings().SetTheme(NewTheme(ThemeLight))
	l.SetText("请于本周五前回执。")
	if got, want := shownLines(l), []string{"请于本周", "五前回", "执。"}; !slices.Equal(got, want) {
		// 。 may not start a line: it takes 执 along
		t.Errorf("after SetText the label shows %q, want %q", got, want)
	}
}

// TestWrapLabelNamesWhole checks that the screens keep the names of people
// whole in their wrapping texts, at every width.
func TestWrapLabelNamesWhole(t *testing.T) {
	t.Run("a receipt", func(t *testing.T) {
		d, w := openNotice(t, newNoticeFakes())
		d.table.Select(widget.TableCellID{Row: 0, Col: 1}) // 张三, whose father is 张建国
		l := findWrapLabel(w.Canvas().Overlays().Top(), "张三")
		wantWhole(t, l, "张三")
		wantWhole(t, l, "张建国")
	})
	t.Run("cancelling a leave", func(t *testing.T) {
		s, w := newTestLeave(t, newLeaveFakes(), nil)
		s.table.Select(widget.TableCellID{Row: 1, Col: 0})
		test.Tap(s.cancelBtn)
		wantWhole(t, findWrapLabel(w.Canvas().Overlays().Top(), "撤销"), "赵六")
	})
	t.Run("the lock screen", func(t *testing.T) {
		inChinese(t)
		env, _ := newScreenEnv(t, app.Services{})
		env.Account.StaffName = "欧阳小明"
		lock := newLockScreen(env, 5*time.Minute, func() {}, func() {})
		wantWhole(t, findWrapLabel(lock.Content(), "欧阳小明"), "欧阳小明")
	})
}

// TestWrapLabelNoticeBody checks that a notice's body wraps by the rules
// at every width: no line starts with closing punctuation or ends with
// opening punctuation.
func TestWrapLabelNoticeBody(t *testing.T) {
	f := newNoticeFakes()
	f.notice.Body = "各位家长：本周五（11月28日）下午3:30召开家长会，请准时参加。地点：三年级1班教室。"
	_, w := openNotice(t, f)
	l := findWrapLabel(w.Content(), "各位家长")
	if l == nil {
		t.Fatal("the notice's body is not in a wrapping label")
	}
	em := fyne.MeasureText("各", theme.TextSize(), l.TextStyle).Width
	for n := 3; n <= 30; n++ {
		l.Resize(fyne.NewSize(ems(float32(n), em), 400))
		lines := shownLines(l)
		for i, line := range lines {
			first, _ := utf8.DecodeRuneInString(line)
			last, _ := utf8.DecodeLastRuneInString(line)
			if i > 0 && strings.ContainsRune("。，：）", first) || i < len(lines)-1 && last == '（' {
				t.Errorf("at %d characters a line the body shows %q", n, lines)
				break
			}
		}
	}
}

// TestWrapLabelRollCallHelp checks that the roll call's help on the keys
// (a dialog from its 按键说明 button, so that it takes no row of the
// class) is shown whole on a 1024-wide screen (it was cut short with …).
func TestWrapLabelRollCallHelp(t *testing.T) {
	s, w := newTestAttendance(t, newAttendanceFakes(), nil, nil)
	w.Resize(fyne.NewSize(1024-180, 600)) // the page beside the navigation
	hint := i18n.T("attendancepage.keys_hint")
	if findWrapLabel(w.Content(), hint) != nil {
		t.Error("the help on the keys takes a row of the roll call")
	}
	s.roll.showKeys()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the help on the keys did not open")
	}
	l := findWrapLabel(top, hint)
	if l == nil {
		t.Fatal("the roll call's help is not in a wrapping label")
	}
	noSpace := func(s string) string { return strings.ReplaceAll(s, " ", "") } // a line may break at one
	if got := strings.Join(shownLines(l), ""); noSpace(got) != noSpace(hint) {
		t.Errorf("the help shows %q, want all of %q", shownLines(l), hint)
	}
}

// findWrapLabel returns the wrapLabel under o whose text contains s.
func findWrapLabel(o fyne.CanvasObject, s string) *wrapLabel {
	switch o := o.(type) {
	case *wrapLabel:
		if strings.Contains(o.Text, s) {
			return o
		}
	case *fyne.Container:
		for _, c := range o.Objects {
			if l := findWrapLabel(c, s); l != nil {
				return l
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			if l := findWrapLabel(c, s); l != nil {
				return l
			}
		}
	}
	return nil
}

// wantWhole checks that l shows name on one line at every width from the
// name's own to 30 Chinese characters.
func wantWhole(t *testing.T, l *wrapLabel, name string) {
	t.Helper()
	if l == nil {
		t.Fatalf("no wrapping label shows %q", name)
	}
	em := fyne.MeasureText("各", theme.TextSize(), l.TextStyle).Width
	for n := utf8.RuneCountInString(name); n <= 30; n++ {
		l.Resize(fyne.NewSize(ems(float32(n), em), 400))
		if lines := shownLines(l); !strings.Contains(strings.Join(lines, "\n"), name) {
			t.Errorf("%q is broken at %d characters a line: %q", name, n, lines)
			return
		}
	}
}
