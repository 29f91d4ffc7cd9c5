package mock

import "jxj/app"

var _ app.ChartRenderer = (*ChartRenderer)(nil)

// ChartRenderer fakes app.ChartRenderer.
type ChartRenderer struct {
	RenderPNGFn func(c app.Chart, width, height int, dark bool) ([]byte, error)
}

func (r *ChartRenderer) RenderPNG(c app.Chart, width, height int, dark bool) ([]byte, error) {
	return r.RenderPNGFn(c, width, height, dark)
}
