package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"jxj/app"
	"jxj/app/i18n"
	"jxj/app/mock"
)

// drawing is a call of the fake chart renderer.
type drawing struct {
	title         string
	width, height int
	dark          bool
}

// chartFakes is a chart renderer that records its calls and draws each
// chart as a tiny PNG of its own.
type chartFakes struct {
	svc    *mock.ChartRenderer
	calls  []drawing
	charts []app.Chart // as drawn
	err    error
}

func newChartFakes() *chartFakes {
	f := &chartFakes{}
	f.svc = &mock.ChartRenderer{RenderPNGFn: func(c app.Chart, w, h int, dark bool) ([]byte, error) {
		f.calls = append(f.calls, drawing{c.Title, w, h, dark})
		f.charts = append(f.charts, c)
		if f.err != nil {
			return nil, f.err
		}
		return fakePNG(c.Title, w), nil
	}}
	return f
}

// fakePNG is a 1×1 image whose colour tells title and width apart.
func fakePNG(title string, width int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.NRGBA{R: uint8(len(title)), G: uint8(width), B: uint8(width >> 8), A: 0xff})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func newTestChartView(t *testing.T, f *chartFakes) (*chartView, *shellAsync, *Env) {
	t.Helper()
	inChinese(t)
	async := trackShellAsync(t)
	env, w := newScreenEnv(t, app.Services{Charts: f.svc})
	env.App.Settings().SetTheme(NewTheme(ThemeLight))
	v := newChartView(env, func(f func()) { runAsync(f) }, 200)
	w.SetContent(v.Content())
	v.Resize(fyne.NewSize(600, 200))
	return v, async, env
}

func testChart(title string) *app.Chart {
	return &app.Chart{Kind: app.ChartColumns, Title: title, Labels: []string{"语文", "数学"},
		Series: []app.ChartSeries{{Name: "平均分", Values: []float64{80, 75}}}}
}

// shows checks the view shows the fake drawing of title at width, and
// not its text.
func shows(t *testing.T, v *chartView, title string, width int) {
	t.Helper()
	if !v.image.Visible() || v.image.Resource == nil {
		t.Fatalf("no chart shown; the text says %q", v.message.Text)
	}
	if want := fakePNG(title, width); !bytes.Equal(v.image.Resource.Content(), want) {
		t.Errorf("the image is not the drawing of %q at width %d", title, width)
	}
	if v.message.Visible() {
		t.Errorf("the text %q shows over the chart", v.message.Text)
	}
}

func TestChartViewDraws(t *testing.T) {
	f := newChartFakes()
	v, async, _ := newTestChartView(t, f)
	v.SetChart(testChart("平均分"))
	if len(f.calls) != 0 {
		t.Fatal("the chart is drawn on the UI goroutine")
	}
	if !v.message.Visible() || v.message.Text != "正在画图…" {
		t.Errorf("while drawing the view says %q, want 正在画图…", v.message.Text)
	}
	async.wait(t)
	if want := []drawing{{"平均分", 600, 200, false}}; !equalDrawings(f.calls, want) {
		t.Errorf("drawings %v, want %v", f.calls, want)
	}
	shows(t, v, "平均分", 600)

	// the same size again draws nothing new
	v.Resize(fyne.NewSize(600, 200))
	v.Refresh()
	async.wait(t)
	if len(f.calls) != 1 {
		t.Errorf("drawn again for nothing: %v", f.calls)
	}
}

// TestChartViewLastSizeWins: sizes that come while a drawing is made are
// not each drawn; the last is, and is what the view shows.
func TestChartViewLastSizeWins(t *testing.T) {
	f := newChartFakes()
	v, async, _ := newTestChartView(t, f)
	v.SetChart(testChart("出勤率"))
	for _, w := range []float32{640, 700, 820} {
		v.Resize(fyne.NewSize(w, 200))
	}
	async.wait(t)
	want := []drawing{{"出勤率", 600, 200, false}, {"出勤率", 820, 200, false}}
	if !equalDrawings(f.calls, want) {
		t.Errorf("drawings %v, want %v", f.calls, want)
	}
	shows(t, v, "出勤率", 820)
}

// TestChartViewNewChart: a chart set while another is drawn replaces it.
func TestChartViewNewChart(t *testing.T) {
	f := newChartFakes()
	v, async, _ := newTestChartView(t, f)
	v.SetChart(testChart("旧的"))
	v.SetChart(testChart("新的图表"))
	async.wait(t)
	shows(t, v, "新的图表", 600)
	if len(f.calls) != 2 || f.calls[1].title != "新的图表" {
		t.Errorf("drawings %v, want the old one then the new one", f.calls)
	}
}

func TestChartViewTheme(t *testing.T) {
	f := newChartFakes()
	v, async, env := newTestChartView(t, f)
	v.SetChart(testChart("回执"))
	async.wait(t)
	env.App.Settings().SetTheme(NewTheme(ThemeDark))
	async.wait(t)
	env.App.Settings().SetTheme(NewTheme(ThemeLight))
	async.wait(t)
	want := []drawing{{"回执", 600, 200, false}, {"回执", 600, 200, true}, {"回执", 600, 200, false}}
	if !equalDrawings(f.calls, want) {
		t.Errorf("drawings %v, want light, dark, light again", f.calls)
	}
	shows(t, v, "回执", 600)
}

func TestChartViewNothingToDraw(t *testing.T) {
	f := newChartFakes()
	v, async, _ := newTestChartView(t, f)
	v.SetChart(testChart("人数"))
	async.wait(t)
	for _, c := range []*app.Chart{nil, {Kind: app.ChartBars, Title: "空的"}} {
		v.SetChart(c)
		async.wait(t)
		if v.image.Visible() || !v.message.Visible() || v.message.Text != "暂无数据" {
			t.Errorf("SetChart(%v): the view shows the image %v and the text %q, want only 暂无数据", c, v.image.Visible(), v.message.Text)
		}
	}
	if len(f.calls) != 1 {
		t.Errorf("an empty chart was drawn: %v", f.calls)
	}
}

func TestChartViewError(t *testing.T) {
	f := newChartFakes()
	f.err = app.Errorf(app.EINVALID, "charts.error.crowded", 40)
	v, async, _ := newTestChartView(t, f)
	v.SetChart(testChart("人数"))
	async.wait(t)
	if want := i18n.Err(f.err); v.image.Visible() || v.message.Text != want {
		t.Errorf("the view shows the image %v and the text %q, want %q", v.image.Visible(), v.message.Text, want)
	}
	v.Refresh()
	async.wait(t)
	if len(f.calls) != 1 {
		t.Errorf("a chart that cannot be drawn is tried again and again: %v", f.calls)
	}
}

// TestChartViewHeight: a view of height 0 gives horizontal bars a row
// each, within limits.
func TestChartViewHeight(t *testing.T) {
	v, _, env := newTestChartView(t, newChartFakes())
	bars := func(n int) *app.Chart {
		return &app.Chart{Kind: app.ChartBars, Labels: make([]string, n), Series: []app.ChartSeries{{Values: make([]float64, n)}}}
	}
	if got := v.MinSize().Height; got != 200 {
		t.Errorf("a view of 200 is %v high", got)
	}
	fit := newChartView(env, runNow, 0)
	for _, tt := range []struct {
		chart *app.Chart
		want  float32
	}{{nil, chartHeight}, {testChart("x"), chartHeight}, {bars(3), barsExtra + 3*barRow}, {bars(100), barsMost}} {
		fit.SetChart(tt.chart)
		if got := fit.MinSize().Height; got != tt.want {
			t.Errorf("fitted to %v: %v high, want %v", tt.chart, got, tt.want)
		}
	}
}

func equalDrawings(a, b []drawing) bool { return slices.Equal(a, b) }

// last is the chart last drawn with title, nil for none.
func (f *chartFakes) last(title string) *app.Chart {
	for i := len(f.charts) - 1; i >= 0; i-- {
		if f.charts[i].Title == title {
			return &f.charts[i]
		}
	}
	return nil
}

// checkChart compares a chart drawn with what a test wants: its kind,
// labels and each series' name and values (NaN for a gap).
func checkChart(t *testing.T, got *app.Chart, want app.Chart) {
	t.Helper()
	if got == nil {
		t.Fatalf("no chart %q drawn", want.Title)
	}
	if got.Kind != want.Kind || got.Stacked != want.Stacked || got.Percent != want.Percent || !slices.Equal(got.Labels, want.Labels) {
		t.Errorf("chart %q: %s stacked=%v percent=%v %q, want %s stacked=%v percent=%v %q", want.Title,
			got.Kind, got.Stacked, got.Percent, got.Labels, want.Kind, want.Stacked, want.Percent, want.Labels)
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-9 }
	if !slices.EqualFunc(got.Series, want.Series, func(a, b app.ChartSeries) bool {
		return a.Name == b.Name && slices.EqualFunc(a.Values, b.Values, same)
	}) {
		t.Errorf("chart %q: series %v, want %v", want.Title, got.Series, want.Series)
	}
}
