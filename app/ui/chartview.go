package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"jxj/app"
	"jxj/app/i18n"
)

// Heights of charts, in the window's units.
const (
	chartHeight = 210 // a chart above a table: the table keeps the rest of a 1024×600 window
	barRow      = 22  // a horizontal bar, when the chart fits its bars
	barsExtra   = 74  // the title, legend and axis of such a chart
	barsMost    = 600
)

// chartView shows an app.Chart, drawn by Services.Charts into an image
// off the UI goroutine. It draws again when its size changes and when
// the theme turns light or dark: one drawing at a time, and when it is
// done, one more if the size (or chart, or theme) has changed since, so
// that while a window is being resized the last size wins. A text
// stands in while the first drawing is made, and says so when there is
// nothing to draw.
type chartView struct {
	widget.BaseWidget
	env    *Env
	run    func(func()) // runs work off the UI goroutine: the screen's
	height float32      // 0: as many rows as a chart of horizontal bars has

	chart   *app.Chart
	charts  int // SetChart calls, to tell one chart from the next
	size    fyne.Size
	image   *canvas.Image
	message *wrapLabel

	drawing bool         // a drawing is under way
	shown   chartRequest // what the image shows
}

// chartRequest is a drawing asked of the renderer.
type chartRequest struct {
	chart         int // chartView.charts when it was asked
	width, height int
	dark          bool
}

// newChartView returns a view of the given height that draws with run,
// as the screen it is on does its work (runAsync, or the screen's run).
// Height 0 fits horizontal bars (a row each, within limits) and gives
// any other chart the usual height.
func newChartView(env *Env, run func(func()), height float32) *chartView {
	v := &chartView{env: env, run: run, height: height, image: &canvas.Image{FillMode: canvas.ImageFillContain}}
	v.message = newWrapLabel(i18n.T("charts.view.empty"))
	v.message.Alignment = fyne.TextAlignCenter
	v.image.Hide()
	v.ExtendBaseWidget(v)
	return v
}

// Content is the view, to put on a page.
func (v *chartView) Content() fyne.CanvasObject { return v }

// SetChart shows c, nil for nothing to draw. The view keeps c: the
// caller builds a new chart rather than change this one.
func (v *chartView) SetChart(c *app.Chart) {
	v.chart = c
	v.charts++
	if c == nil || len(c.Labels) == 0 {
		v.showMessage(i18n.T("charts.view.empty"))
	}
	v.Refresh() // its height may change; and it draws the chart
}

func (v *chartView) showMessage(text string) {
	v.message.SetText(text)
	v.message.Show()
	v.image.Hide()
	v.shown = chartRequest{}
}

// MinSize is the view's height and a width a chart can be read at.
func (v *chartView) MinSize() fyne.Size {
	h := v.height
	if h == 0 {
		h = chartHeight
		if c := v.chart; c != nil && c.Kind == app.ChartBars {
			h = min(barsMost, barsExtra+barRow*float32(len(c.Labels)))
		}
	}
	return fyne.NewSize(240, h)
}

// request is the drawing the view needs now.
func (v *chartView) request() chartRequest {
	return chartRequest{chart: v.charts, width: int(v.size.Width), height: int(v.size.Height), dark: v.dark()}
}

// dark reports whether the theme shows light text on a dark background.
func (v *chartView) dark() bool {
	s := v.env.App.Settings()
	r, g, b, _ := s.Theme().Color(theme.ColorNameBackground, s.ThemeVariant()).RGBA()
	return r+g+b < 3*0x8000
}

// redraw asks for a drawing when the image does not show what the view
// needs and none is under way; the drawing under way starts the next.
func (v *chartView) redraw() {
	want := v.request()
	if v.drawing || want == v.shown || v.chart == nil || len(v.chart.Labels) == 0 ||
		want.width < 60 || want.height < 60 { // too small to read, or not laid out yet
		return
	}
	if v.shown == (chartRequest{}) {
		v.message.SetText(i18n.T("charts.view.drawing"))
		v.message.Show()
	}
	v.drawing = true
	c := *v.chart
	renderer := v.env.Services.Charts
	v.run(func() {
		png, err := renderer.RenderPNG(c, want.width, want.height, want.dark)
		fyne.Do(func() {
			v.drawing = false
			switch {
			case want != v.request(): // out of date: the next one
			case err != nil:
				v.showMessage(i18n.Err(err))
				v.shown = want
			default:
				v.image.Resource = fyne.NewStaticResource("chart.png", png)
				v.image.Show()
				v.image.Refresh()
				v.message.Hide()
				v.shown = want
			}
			v.redraw()
		})
	})
}

func (v *chartView) CreateRenderer() fyne.WidgetRenderer {
	return &chartViewRenderer{v: v}
}

type chartViewRenderer struct{ v *chartView }

func (r *chartViewRenderer) Layout(size fyne.Size) {
	v := r.v
	v.image.Resize(size)
	v.image.Move(fyne.Position{})
	m := v.message.MinSize()
	v.message.Resize(fyne.NewSize(size.Width, m.Height))
	v.message.Move(fyne.NewPos(0, (size.Height-m.Height)/2))
	if size != v.size {
		v.size = size
		v.redraw()
	}
}

func (r *chartViewRenderer) MinSize() fyne.Size { return r.v.MinSize() }

// Refresh comes with a change of theme, among others: the colours may
// be the other theme's.
func (r *chartViewRenderer) Refresh() {
	r.v.message.Refresh()
	r.v.redraw()
}

func (r *chartViewRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.v.image, r.v.message}
}

func (r *chartViewRenderer) Destroy() {}
