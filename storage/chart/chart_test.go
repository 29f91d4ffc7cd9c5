package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"

	"jxj/app"
	"jxj/app/wcag"
)

// classLabels are n class names as a grade's classes are written.
func classLabels(n int) []string {
	grades := []string{"一", "二", "三", "四", "五", "六"}
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s年级%d班", grades[i/4%len(grades)], i%4+1)
	}
	return out
}

// ramp is n values from lo up to hi.
func ramp(n int, lo, hi float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = lo + (hi-lo)*float64(i)/float64(max(n-1, 1))
	}
	return out
}

// classSizes is the cockpit's class-size chart: a bar per class and the
// three lines.
func classSizes(n int) app.Chart {
	return app.Chart{Kind: app.ChartBars, Title: "各班人数", Labels: classLabels(n),
		Series: []app.ChartSeries{{Name: "学生", Values: ramp(n, 38, 69)}},
		Marks:  []app.ChartMark{{Value: 45, Label: "标准 45"}, {Value: 56, Label: "大班额 56"}, {Value: 66, Label: "超大班额 66"}}}
}

// receipts is a notice's receipts by class, stacked.
func receipts(kind app.ChartKind) app.Chart {
	return app.Chart{Kind: kind, Title: "各班回执", Percent: true, Stacked: true, Labels: classLabels(6),
		Series: []app.ChartSeries{
			{Name: "已确认", Values: []float64{.8, .5, .9, 1, .2, 0}},
			{Name: "已读", Values: []float64{.1, .3, .05, 0, .3, 0}},
			{Name: "未读", Values: []float64{.1, .2, .05, 0, .5, 1}},
		}}
}

func render(t testing.TB, r *Renderer, c app.Chart, w, h int, dark bool) *image.RGBA {
	t.Helper()
	out, err := r.RenderPNG(c, w, h, dark)
	if err != nil {
		t.Fatalf("RenderPNG(%s, %d×%d): %v", c.Kind, w, h, err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("RenderPNG(%s) wrote no PNG: %v", c.Kind, err)
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		t.Fatalf("RenderPNG(%s) wrote a %T", c.Kind, img)
	}
	return rgba
}

// donutOfKinds is the district cockpit's donut: the schools by kind.
func donutOfKinds() app.Chart {
	return app.Chart{Kind: app.ChartDonut, Title: "各类学校和机构", Labels: []string{"小学", "初中", "教学点", "培训机构", "其他"},
		Series: []app.ChartSeries{{Name: "学校", Values: []float64{12, 5, 3, 2, 1}}}}
}

// A donut draws each slice in its series colour, in both themes.
func TestDonutSlices(t *testing.T) {
	r := New()
	for _, dark := range []bool{false, true} {
		img := render(t, r, donutOfKinds(), 420, 260, dark)
		for i := range 5 {
			if _, ok := colourBox(img, paletteFor(dark).series[i]); !ok {
				t.Errorf("dark=%v: slice %d is not drawn in its colour", dark, i)
			}
		}
	}
}

func TestRenderKinds(t *testing.T) {
	r := New()
	tests := []struct {
		name  string
		chart app.Chart
	}{
		{"line", app.Chart{Kind: app.ChartLine, Title: "近30天出勤率", Percent: true, Labels: classLabels(30),
			Series: []app.ChartSeries{{Name: "出勤率", Values: ramp(30, .9, 1)}}}},
		{"columns grouped", app.Chart{Kind: app.ChartColumns, Title: "各科平均分", Labels: []string{"语文", "数学", "英语"},
			Series: []app.ChartSeries{{Name: "三年级1班", Values: []float64{82.5, 78, 88}}, {Name: "三年级2班", Values: []float64{80, 85, 84}}}}},
		{"columns stacked", receipts(app.ChartColumns)},
		{"bars grouped", app.Chart{Kind: app.ChartBars, Percent: true, Labels: classLabels(4),
			Series: []app.ChartSeries{{Name: "本班", Values: ramp(4, .8, .95)}, {Name: "年级", Values: ramp(4, .9, .9)}}}},
		{"bars stacked", receipts(app.ChartBars)},
		{"bars with marks", classSizes(8)},
		{"line with a mark", app.Chart{Kind: app.ChartLine, Labels: classLabels(5), Marks: []app.ChartMark{{Value: 3, Label: "目标"}},
			Series: []app.ChartSeries{{Name: "a", Values: ramp(5, 1, 5)}, {Name: "b", Values: ramp(5, 5, 1)}}}},
		{"donut", donutOfKinds()},
	}
	for _, tt := range tests {
		for _, size := range []image.Point{{600, 300}, {320, 180}, {1200, 700}} {
			for _, dark := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s %v dark=%v", tt.name, size, dark), func(t *testing.T) {
					img := render(t, r, tt.chart, size.X, size.Y, dark)
					if got := img.Bounds().Size(); got != size {
						t.Errorf("image is %v, want %v", got, size)
					}
					bg := paletteFor(dark).background
					if c := img.RGBAAt(1, 1); c.R != bg.R || c.G != bg.G || c.B != bg.B {
						t.Errorf("background %v, want the theme's %v", c, bg)
					}
					if _, ok := colourBox(img, paletteFor(dark).series[0]); !ok {
						t.Error("nothing is drawn in the first series' colour")
					}
				})
			}
		}
	}
}

// TestChineseText fails when a chart's Chinese text comes out as
// missing-glyph boxes: two charts whose title, legend, labels or marks
// differ only in their Chinese characters must differ where that text
// is. A font without the characters draws the same boxes for both,
// which the check must see (the library's own font, Roboto, has none).
func TestChineseText(t *testing.T) {
	base := app.Chart{Kind: app.ChartColumns, Title: "各科平均分", Labels: []string{"语文", "数学"},
		Series: []app.ChartSeries{{Name: "三年级", Values: []float64{80, 60}}, {Name: "四年级", Values: []float64{70, 90}}},
		Marks:  []app.ChartMark{{Value: 75, Label: "及格线"}}}
	bars := base
	bars.Kind, bars.Series = app.ChartBars, base.Series[:1]
	tests := []struct {
		name   string
		a, b   app.Chart
		change func(*app.Chart)
	}{
		{"title", base, base, func(c *app.Chart) { c.Title = "各班出勤率" }},
		{"legend", base, base, func(c *app.Chart) {
			c.Series = []app.ChartSeries{{Name: "五年级", Values: []float64{80, 60}}, base.Series[1]}
		}},
		{"labels under columns", base, base, func(c *app.Chart) { c.Labels = []string{"英语", "科学"} }},
		{"labels beside bars", bars, bars, func(c *app.Chart) { c.Labels = []string{"英语", "科学"} }},
		{"marks beside columns", base, base, func(c *app.Chart) { c.Marks = []app.ChartMark{{Value: 75, Label: "优秀线"}} }},
		{"marks over bars", bars, bars, func(c *app.Chart) { c.Marks = []app.ChartMark{{Value: 75, Label: "优秀线"}} }},
	}
	bundled := New()
	roboto := &Renderer{regular: charts.GetDefaultFont(), bold: charts.GetDefaultFont()}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change(&tt.b)
			if !differ(t, bundled, tt.a, tt.b) {
				t.Errorf("%s: the two texts render alike, as missing-glyph boxes", tt.name)
			}
			if differ(t, roboto, tt.a, tt.b) {
				t.Errorf("%s: a font without Chinese tells the texts apart: the check cannot see boxes", tt.name)
			}
		})
	}
}

func differ(t *testing.T, r *Renderer, a, b app.Chart) bool {
	t.Helper()
	return !bytes.Equal(render(t, r, a, 480, 260, false).Pix, render(t, r, b, 480, 260, false).Pix)
}

// TestBundledFontCoversLabels checks the bundled font has a glyph for
// every character of the texts jxj's charts show.
func TestBundledFontCoversLabels(t *testing.T) {
	r := New()
	text := "各班人数出勤率回执已确认已读未读分数段平均分及格率优秀率标准大班额超大班额一二三四五六七八九年级班语文数学英语道德与法治科学男女全部近天学生作业完成0123456789%–—…"
	for _, f := range []*truetype.Font{r.regular, r.bold} {
		for _, c := range text {
			if f.Index(c) == 0 {
				t.Errorf("the bundled font has no glyph for %q", c)
			}
		}
	}
}

// TestMarksOnTheirValues checks a mark's line is drawn where the value
// axis has its value: at the end of a bar of that value.
func TestMarksOnTheirValues(t *testing.T) {
	r := New()
	pal := paletteFor(false)
	for _, kind := range []app.ChartKind{app.ChartBars, app.ChartColumns, app.ChartLine} {
		t.Run(string(kind), func(t *testing.T) {
			c := app.Chart{Kind: kind, Title: "各班人数", Labels: []string{"一班", "二班", "三班"},
				Series: []app.ChartSeries{{Name: "学生", Values: []float64{56, 56, 56}}},
				Marks:  []app.ChartMark{{Value: 56, Label: "大班额 56"}, {Value: 20, Label: "二十"}}}
			if kind != app.ChartLine {
				c.Series[0].Values = []float64{56, 30, 12}
			}
			img := render(t, r, c, 600, 300, false)
			data, ok := colourBox(img, pal.series[0])
			if !ok {
				t.Fatal("no bars or line drawn")
			}
			var want float64 // where 56 is: the end of the first bar, the middle of the line
			var across image.Rectangle
			switch kind {
			case app.ChartBars:
				top := image.Rect(data.Min.X, data.Min.Y, data.Max.X, data.Min.Y+3) // the first bar's top rows
				first, _ := colourBox(img.SubImage(top), pal.series[0])
				want, across = float64(first.Max.X), image.Rect(0, data.Min.Y, img.Bounds().Dx(), data.Max.Y)
			case app.ChartColumns:
				want, across = float64(data.Min.Y), image.Rect(data.Min.X, 0, data.Max.X, img.Bounds().Dy())
			default:
				want, across = float64(data.Min.Y+data.Max.Y)/2, image.Rect(data.Min.X+10, 0, data.Max.X-10, img.Bounds().Dy())
			}
			line, ok := colourBox(img.SubImage(across), pal.mark(0))
			if !ok {
				t.Fatal("the mark's line is not drawn")
			}
			got := float64(line.Min.Y+line.Max.Y) / 2
			if kind == app.ChartBars {
				got = float64(line.Min.X+line.Max.X) / 2
			}
			if math.Abs(got-want) > 2 {
				t.Errorf("the line of 56 is at %.1f, the value 56 at %.1f", got, want)
			}
			if _, ok := colourBox(img.SubImage(across), pal.mark(1)); !ok {
				t.Error("the second mark's line is not drawn")
			}
		})
	}
}

// TestBarsFromTheTop checks horizontal bars list their categories from
// the top, as the labels were given.
func TestBarsFromTheTop(t *testing.T) {
	c := app.Chart{Kind: app.ChartBars, Labels: []string{"一班", "二班", "三班"},
		Series: []app.ChartSeries{{Name: "学生", Values: []float64{50, 30, 10}}}}
	img := render(t, New(), c, 400, 200, false)
	blue := paletteFor(false).series[0]
	all, _ := colourBox(img, blue)
	var lengths []int
	for y := all.Min.Y; y < all.Max.Y; y++ {
		if row, ok := colourBox(img.SubImage(image.Rect(0, y, 400, y+1)), blue); ok && (len(lengths) == 0 || row.Dx() != lengths[len(lengths)-1]) {
			lengths = append(lengths, row.Dx())
		}
	}
	if len(lengths) != 3 || lengths[0] <= lengths[1] || lengths[1] <= lengths[2] {
		t.Errorf("bar lengths from the top %v, want three, the longest (一班, 50) first", lengths)
	}
}

// TestStacksFromZero checks stacked bars stand on the axis: the library
// lowers a stack's axis below 0 when no value is 0 and below 1.
func TestStacksFromZero(t *testing.T) {
	pal := paletteFor(false)
	c := app.Chart{Kind: app.ChartColumns, Stacked: true, Labels: []string{"一班", "二班"},
		Series: []app.ChartSeries{{Name: "甲", Values: []float64{0.2, 0.3}}, {Name: "乙", Values: []float64{0.1, 0.2}}}}
	img := render(t, New(), c, 400, 240, false)
	bars, ok := colourBox(img, pal.series[0])
	if !ok {
		t.Fatal("no bars drawn")
	}
	// under the middle of a bar, the background until the axis line
	x, gap := (bars.Min.X+bars.Max.X)/2, 0
	bg := img.RGBAAt(1, 1)
	for y := bars.Max.Y; y < 240 && img.RGBAAt(x, y) == bg; y++ {
		gap++
	}
	if gap > 1 {
		t.Errorf("the stacks end %d pixels above the axis, want them on it", gap)
	}
}

// TestLoneLabelBesideItsBar: a chart of one grade or class writes its
// label by its bar (the library writes a lone column's label at the
// left end of the axis, far from the column).
func TestLoneLabelBesideItsBar(t *testing.T) {
	pal := paletteFor(false)
	c := app.Chart{Kind: app.ChartColumns, Labels: []string{"一年级"}, Series: []app.ChartSeries{{Name: "学生", Values: []float64{180}}}}
	img := render(t, New(), c, 600, 300, false)
	bar, ok := colourBox(img, pal.series[0])
	if !ok || bar.Dx() <= bar.Dy() {
		t.Fatalf("drew the bar at %v; want a bar across, its label beside it", bar)
	}
	// the label's ink: left of the bar, level with it
	label, found := colourBox(img.SubImage(image.Rect(0, bar.Min.Y-10, bar.Min.X, bar.Max.Y+10)), pal.label)
	if mid, barMid := (label.Min.Y+label.Max.Y)/2, (bar.Min.Y+bar.Max.Y)/2; !found || mid < barMid-4 || mid > barMid+4 {
		t.Errorf("the label is at %v (found %v), the bar at %v; want it left of the bar, level with it", label, found, bar)
	}
}

func TestValueAxis(t *testing.T) {
	tests := []struct {
		name          string
		chart         app.Chart
		lo, hi        float64
		steps         int
		top, fraction string
	}{
		{"rates near 100%", app.Chart{Percent: true, Series: []app.ChartSeries{{Values: []float64{.93, .99}}}}, 0, 100, 5, "100%", ""},
		{"rates all zero", app.Chart{Percent: true, Series: []app.ChartSeries{{Values: []float64{0, 0}}}}, 0, 100, 5, "100%", ""},
		{"counts", app.Chart{Series: []app.ChartSeries{{Values: []float64{38, 69}}}}, 0, 80, 4, "80", ""},
		{"counts with a mark above", app.Chart{Series: []app.ChartSeries{{Values: []float64{12, 40}}}, Marks: []app.ChartMark{{Value: 66}}}, 0, 80, 4, "80", ""},
		{"a stack", app.Chart{Stacked: true, Series: []app.ChartSeries{{Values: []float64{30, 1}}, {Values: []float64{25, 2}}}}, 0, 60, 3, "60", ""},
		{"small counts", app.Chart{Series: []app.ChartSeries{{Values: []float64{1, 2}}}}, 0, 2, 2, "2", ""},
		{"averages", app.Chart{Series: []app.ChartSeries{{Values: []float64{0.25, 0.5}}}}, 0, 0.5, 5, "0.5", "0.1"},
		{"negative", app.Chart{Series: []app.ChartSeries{{Values: []float64{-3, 7}}}}, -5, 10, 3, "10", ""},
		{"one value", app.Chart{Series: []app.ChartSeries{{Values: []float64{7}}}}, 0, 8, 4, "8", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.chart
			c.Kind = app.ChartColumns
			c.Labels = make([]string, len(c.Series[0].Values))
			d, err := prepare(c)
			if err != nil {
				t.Fatal(err)
			}
			if d.lo != tt.lo || d.hi != tt.hi || d.steps != tt.steps {
				t.Errorf("axis %g..%g in %d steps, want %g..%g in %d", d.lo, d.hi, d.steps, tt.lo, tt.hi, tt.steps)
			}
			if got := d.format(d.hi); got != tt.top {
				t.Errorf("the top reads %q, want %q", got, tt.top)
			}
			if tt.fraction != "" {
				if got := d.format(d.lo + (d.hi-d.lo)/float64(d.steps)); got != tt.fraction {
					t.Errorf("the first step reads %q, want %q", got, tt.fraction)
				}
			}
		})
	}
}

// TestLabelsFit checks, at 600×300, that the category labels of 20
// classes (and 30 days) do not overlap in the plot the library really
// lays out: each label shown fits the room of the categories it stands
// for, as the probe's bars measure it.
func TestLabelsFit(t *testing.T) {
	days := make([]string, 30)
	for i := range days {
		days[i] = fmt.Sprintf("11-%02d", i+1)
	}
	tests := []struct {
		name  string
		chart app.Chart
	}{
		{"bars", classSizes(20)},
		{"bars without marks", app.Chart{Kind: app.ChartBars, Title: "各班出勤率", Percent: true, Labels: classLabels(20),
			Series: []app.ChartSeries{{Values: ramp(20, .9, 1)}}}},
		{"columns", app.Chart{Kind: app.ChartColumns, Title: "各班人数", Labels: classLabels(20),
			Series: []app.ChartSeries{{Values: ramp(20, 38, 69)}}}},
		{"stacked columns with a legend", app.Chart{Kind: app.ChartColumns, Title: "分数段", Stacked: true, Labels: classLabels(20),
			Series: []app.ChartSeries{{Name: "0–59", Values: ramp(20, 1, 5)}, {Name: "60–69", Values: ramp(20, 5, 1)}, {Name: "70–79", Values: ramp(20, 3, 3)}}}},
		{"line", app.Chart{Kind: app.ChartLine, Title: "近30天出勤率", Percent: true, Labels: days,
			Series: []app.ChartSeries{{Values: ramp(30, .9, 1)}}}},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := prepare(tt.chart)
			if err != nil {
				t.Fatal(err)
			}
			p := r.plan(d, 600, 300, false)
			if p.Kind == app.ChartLine {
				p.Kind = app.ChartColumns // the probe of a line covers the plot edge to edge; columns are centred in slots
				defer func() { p.Kind = app.ChartLine }()
			}
			a, err := p.probe()
			if err != nil || a == nil {
				t.Fatalf("probe: %v, %v", a, err)
			}
			n := len(p.labels)
			slot := float64(a.to-a.from) / (float64(n) - 0.3) // the bars' extent, less a margin at each end
			shown, every, last := 0, 0, -1                    // labels shown, one every so many categories
			for i, l := range p.labels {
				if l != "" {
					shown++
					if last >= 0 && every == 0 {
						every = i - last
					}
					last = i
				}
			}
			every = max(every, 1)
			if p.source[0] != "" && p.Kind != app.ChartBars && p.labels[0] == "" {
				t.Error("the first label is left out")
			}
			w, h := p.measure([]string{p.widest}, p.label)
			room := slot * float64(every)
			need := float64(w + 4)
			switch {
			case tt.chart.Kind == app.ChartBars:
				need = float64(h)
			case p.rotation != 0:
				need = float64(h) * math.Sqrt2
			}
			if need > room {
				t.Errorf("%d of %d labels, %.0f px each, in %.1f px", shown, n, need, room)
			}
			if shown < n/4 {
				t.Errorf("only %d of %d labels shown", shown, n)
			}
			if tt.chart.Kind == app.ChartLine && p.labels[n-1] == "" {
				t.Error("the last day is not named")
			}
			if tt.chart.Kind != app.ChartLine && shown < n/2 {
				t.Errorf("only %d of %d classes named", shown, n)
			}
		})
	}
}

// TestFewLabelsKeptWhole: a few columns in a wide, low chart (a
// teacher's class beside the whole grade, printed) keep their labels
// whole, level under them.
func TestFewLabelsKeptWhole(t *testing.T) {
	c := app.Chart{Kind: app.ChartColumns, Percent: true, Labels: []string{"Grade 1 Class 1", "Whole grade"},
		Series: []app.ChartSeries{{Name: "语文", Values: []float64{0.7, 0.6}}, {Name: "数学", Values: []float64{0.8, 0.7}}}}
	d, err := prepare(c)
	if err != nil {
		t.Fatal(err)
	}
	p := New().plan(d, 595, 224, false)
	if !slices.Equal(p.labels, c.Labels) || p.rotation != 0 {
		t.Errorf("labels %q slanted %v; want %q level", p.labels, p.rotation, c.Labels)
	}
}

// TestOddInput renders odd charts: each gives a PNG of the size asked or
// an *app.Error, never a panic.
func TestOddInput(t *testing.T) {
	long := "三年级二班（2025—2026学年）三年级二班（2025—2026学年）"
	huge := strings.Repeat("很长的名字 ", 5000)
	many := make([]string, 300)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name    string
		chart   app.Chart
		w, h    int
		wantErr string // the error's key; "" for a picture
	}{
		{"no labels", app.Chart{Kind: app.ChartBars, Series: []app.ChartSeries{{Values: []float64{1}}}}, 600, 300, "charts.error.empty"},
		{"a donut of nothing", app.Chart{Kind: app.ChartDonut, Labels: []string{"a", "b"}, Series: []app.ChartSeries{{Values: []float64{0, nan}}}}, 600, 300, "charts.error.empty"},
		{"a donut of six slices", app.Chart{Kind: app.ChartDonut, Labels: classLabels(6), Series: []app.ChartSeries{{Values: ramp(6, 1, 6)}}}, 600, 300, "charts.error.crowded"},
		{"a donut with a negative slice", app.Chart{Kind: app.ChartDonut, Labels: []string{"a", "b"}, Series: []app.ChartSeries{{Values: []float64{-3, 2}}}}, 600, 300, ""},
		{"no series", app.Chart{Kind: app.ChartLine, Labels: []string{"a"}}, 600, 300, "charts.error.empty"},
		{"unknown kind", app.Chart{Kind: "pie", Labels: []string{"a"}, Series: []app.ChartSeries{{Values: []float64{1}}}}, 600, 300, "charts.error.kind"},
		{"zero size", receipts(app.ChartBars), 0, 0, "charts.error.size"},
		{"negative size", receipts(app.ChartBars), -600, 300, "charts.error.size"},
		{"huge size", receipts(app.ChartBars), 100000, 300, "charts.error.size"},
		{"too large a value", app.Chart{Kind: app.ChartColumns, Labels: []string{"a"}, Series: []app.ChartSeries{{Values: []float64{1e300}}}}, 600, 300, "charts.error.value"},
		{"the smallest size", app.Chart{Kind: app.ChartBars, Labels: []string{"一班"}, Series: []app.ChartSeries{{Values: []float64{3}}}}, minSide, minSide, ""},
		{"too many bars for the size", classSizes(20), 320, 180, "charts.error.crowded"},
		{"too many columns for the size", app.Chart{Kind: app.ChartColumns, Labels: many, Series: []app.ChartSeries{{Values: ramp(300, 0, 9)}}}, 600, 300, "charts.error.crowded"},
		{"NaN and Inf", app.Chart{Kind: app.ChartLine, Labels: []string{"a", "b", "c"}, Series: []app.ChartSeries{{Values: []float64{nan, 3, inf}}}}, 600, 300, ""},
		{"all NaN", app.Chart{Kind: app.ChartLine, Labels: []string{"a", "b"}, Series: []app.ChartSeries{{Values: []float64{nan, nan}}}}, 600, 300, ""},
		{"all NaN bars", app.Chart{Kind: app.ChartBars, Labels: []string{"a", "b"}, Series: []app.ChartSeries{{Values: []float64{nan, -inf}}}, Marks: []app.ChartMark{{Value: 1}}}, 600, 300, ""},
		{"all zeros", app.Chart{Kind: app.ChartColumns, Stacked: true, Labels: []string{"a", "b"}, Series: []app.ChartSeries{{Values: []float64{0, 0}}, {Values: []float64{0, 0}}}}, 600, 300, ""},
		{"all zero rates", app.Chart{Kind: app.ChartBars, Percent: true, Labels: []string{"a"}, Series: []app.ChartSeries{{Values: []float64{0}}}}, 600, 300, ""},
		{"one value", app.Chart{Kind: app.ChartLine, Labels: []string{"今天"}, Series: []app.ChartSeries{{Values: []float64{0.97}}}, Percent: true}, 600, 300, ""},
		{"one value with a mark", app.Chart{Kind: app.ChartLine, Labels: []string{"今天"}, Series: []app.ChartSeries{{Values: []float64{5}}}, Marks: []app.ChartMark{{Value: 5}}}, 600, 300, ""},
		{"no values", app.Chart{Kind: app.ChartColumns, Labels: []string{"a", "b"}, Series: []app.ChartSeries{{Name: "x"}}}, 600, 300, ""},
		{"more values than labels", app.Chart{Kind: app.ChartBars, Labels: []string{"a"}, Series: []app.ChartSeries{{Values: []float64{1, 2, 3}}}}, 600, 300, ""},
		{"negative values stacked", app.Chart{Kind: app.ChartBars, Stacked: true, Labels: []string{"a", "b"}, Series: []app.ChartSeries{{Values: []float64{-1, 2}}, {Values: []float64{3, -4}}}}, 600, 300, ""},
		{"only negative values", app.Chart{Kind: app.ChartColumns, Labels: []string{"a", "b"}, Series: []app.ChartSeries{{Values: []float64{-1, -2}}}, Marks: []app.ChartMark{{Value: -1}}}, 600, 300, ""},
		{"marks out of the data", app.Chart{Kind: app.ChartBars, Labels: []string{"a"}, Series: []app.ChartSeries{{Values: []float64{1}}}, Marks: []app.ChartMark{{Value: 1e6}, {Value: nan}, {Value: -5}}}, 600, 300, ""},
		{"rates above 100%", app.Chart{Kind: app.ChartBars, Percent: true, Labels: []string{"a"}, Series: []app.ChartSeries{{Values: []float64{1.7}}}}, 600, 300, ""},
		{"tiny values", app.Chart{Kind: app.ChartColumns, Labels: []string{"a"}, Series: []app.ChartSeries{{Values: []float64{1e-300}}}}, 600, 300, ""},
		{"empty and long labels", app.Chart{Kind: app.ChartColumns, Title: long + long, Labels: []string{"", long, "", "\n\t"},
			Series: []app.ChartSeries{{Name: long, Values: []float64{1, 2, 3, 4}}, {Name: "", Values: []float64{4, 3}}}}, 600, 300, ""},
		{"50,000 characters", app.Chart{Kind: app.ChartColumns, Title: huge, Labels: []string{huge, "b"},
			Series: []app.ChartSeries{{Name: huge, Values: []float64{1, 2}}, {Name: "x"}}, Marks: []app.ChartMark{{Value: 1, Label: huge}}}, 600, 300, ""},
		{"300 bars", app.Chart{Kind: app.ChartBars, Labels: many, Series: []app.ChartSeries{{Values: ramp(300, 0, 9)}}}, 600, maxSide, ""},
		{"300 days", app.Chart{Kind: app.ChartLine, Labels: many, Series: []app.ChartSeries{{Values: ramp(300, 0, 9)}}}, 600, 300, ""},
		{"40 series", app.Chart{Kind: app.ChartColumns, Labels: []string{"a"}, Series: make([]app.ChartSeries, 40)}, 600, 300, ""},
		{"characters the font lacks", app.Chart{Kind: app.ChartBars, Title: "😀\u0000\uFFFF", Labels: []string{"😀", "\xff\xfe"}, Series: []app.ChartSeries{{Name: "\U0010FFFF", Values: []float64{1, 2}}}}, 600, 300, ""},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := r.RenderPNG(tt.chart, tt.w, tt.h, true)
			if tt.wantErr != "" {
				var e *app.Error
				if !errors.As(err, &e) || e.Key != tt.wantErr || e.Code != app.EINVALID {
					t.Fatalf("err = %v, want an EINVALID %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("RenderPNG: %v", err)
			}
			img, err := png.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if got := img.Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Errorf("image is %v, want %d×%d", got, tt.w, tt.h)
			}
		})
	}
}

// TestPaletteContrast checks the colours against their background: text
// reaches WCAG AA (4.5:1), bars, lines and the marks 3:1.
func TestPaletteContrast(t *testing.T) {
	for _, dark := range []bool{false, true} {
		p := paletteFor(dark)
		check := func(what string, c charts.Color, least float64) {
			if got := wcag.Contrast(c, p.background); got < least {
				t.Errorf("dark=%v: %s %v on %v has contrast %.2f, want at least %.1f", dark, what, c, p.background, got, least)
			}
		}
		check("text", p.text, wcag.TextAA)
		check("axis labels", p.label, wcag.TextAA)
		for i, c := range p.series {
			check(fmt.Sprintf("series %d", i), c, wcag.GraphicAA)
		}
		for i, c := range p.marks {
			check(fmt.Sprintf("mark %d (its name is text)", i), c, wcag.TextAA)
		}
		check("axis", p.axis, 1.5)
	}
}

// BenchmarkChartRender draws one chart at 600×300: the class sizes of 20
// classes with their three lines (the costliest: the marks need a probe),
// and the same without lines.
func BenchmarkChartRender(b *testing.B) {
	r := New()
	plain := classSizes(20)
	plain.Marks = nil
	for _, bb := range []struct {
		name  string
		chart app.Chart
	}{{"marks", classSizes(20)}, {"plain", plain}} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.RenderPNG(bb.chart, 600, 300, false); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/chart")
		})
	}
}

// FuzzRenderPNG draws charts of any labels, values, kind and size: each
// gives a PNG or an *app.Error, never a panic (RenderPNG's recover would
// turn one into charts.error.render, which fails here too).
func FuzzRenderPNG(f *testing.F) {
	f.Add(uint8(0), "一班|二班|三班", []byte{10, 200, 30}, 2, 600, 300, "标准 45")
	f.Add(uint8(1), "", []byte{}, 1, 60, 60, "")
	f.Add(uint8(2), "a|||b", []byte{255, 0, 255, 0, 1}, 3, 320, 4000, "\xff")
	kinds := []app.ChartKind{app.ChartLine, app.ChartColumns, app.ChartBars}
	r := New()
	f.Fuzz(func(t *testing.T, kind uint8, labels string, raw []byte, series, w, h int, mark string) {
		c := app.Chart{Kind: kinds[int(kind)%len(kinds)], Title: mark, Stacked: kind&4 != 0, Percent: kind&8 != 0}
		if labels != "" {
			c.Labels = strings.Split(labels, "|")
		}
		series = min(max(series, 0), 12)
		w, h = w%1300, h%1300 // sizes beyond are refused or only slower
		for s := range series {
			c.Series = append(c.Series, app.ChartSeries{Name: mark, Values: fuzzValues(raw, s, series)})
		}
		if len(raw) > 0 {
			c.Marks = []app.ChartMark{{Value: float64(raw[0]) - 20, Label: mark}}
		}
		_, err := r.RenderPNG(c, w, h, kind&16 != 0)
		var e *app.Error
		if err != nil && (!errors.As(err, &e) || e.Code != app.EINVALID) {
			t.Fatalf("RenderPNG(%+v, %d, %d): %v", c, w, h, err)
		}
	})
}

// fuzzValues are the s-th of n series' values from raw bytes, with a
// NaN and an infinity among them now and then.
func fuzzValues(raw []byte, s, n int) []float64 {
	var out []float64
	for i := s; i < len(raw); i += n {
		v := float64(raw[i]) - 20
		switch raw[i] {
		case 254:
			v = math.NaN()
		case 253:
			v = math.Inf(-1)
		}
		out = append(out, v)
	}
	return out
}
