package mock

import (
	"context"

	"jxj/app"
)

var (
	_ app.CockpitService = (*CockpitService)(nil)
	_ app.ChartRenderer  = (*ChartRenderer)(nil)
)

// CockpitService fakes app.CockpitService.
type CockpitService struct {
	CockpitFn           func(ctx context.Context, r app.DateRange) (*app.Cockpit, error)
	ClassSizeLinesFn    func(ctx context.Context) (app.ClassSizeLines, error)
	SetClassSizeLinesFn func(ctx context.Context, l app.ClassSizeLines) error
}

func (s *CockpitService) Cockpit(ctx context.Context, r app.DateRange) (*app.Cockpit, error) {
	return s.CockpitFn(ctx, r)
}
func (s *CockpitService) ClassSizeLines(ctx context.Context) (app.ClassSizeLines, error) {
	return s.ClassSizeLinesFn(ctx)
}
func (s *CockpitService) SetClassSizeLines(ctx context.Context, l app.ClassSizeLines) error {
	return s.SetClassSizeLinesFn(ctx, l)
}

// ChartRenderer fakes app.ChartRenderer.
type ChartRenderer struct {
	RenderPNGFn func(c app.Chart, width, height int, dark bool) ([]byte, error)
}

func (r *ChartRenderer) RenderPNG(c app.Chart, width, height int, dark bool) ([]byte, error) {
	return r.RenderPNGFn(c, width, height, dark)
}
