package mock

import (
	"context"

	"jxj/app"
)

var _ app.UpdateService = (*UpdateService)(nil)

// UpdateService fakes app.UpdateService.
type UpdateService struct {
	UpdateStatusFn    func(ctx context.Context) (*app.UpdateState, error)
	PinReleaseKeyFn   func(ctx context.Context, key string) error
	OfferReleaseFn    func(ctx context.Context, r app.SignedRelease, current, platform string) error
	OpenReleasePartFn func(ctx context.Context) (app.PartFile, int64, error)
	FinishReleaseFn   func(ctx context.Context) error
	FailReleaseFn     func(ctx context.Context, reason string) error
	ReadyReleaseFn    func(ctx context.Context) (string, error)
	SetUpdateFn       func(ctx context.Context, phase app.UpdatePhase, from, backup, reason string) error
	MarkStartedFn     func(ctx context.Context, version string) error
}

func (s *UpdateService) UpdateStatus(ctx context.Context) (*app.UpdateState, error) {
	return s.UpdateStatusFn(ctx)
}
func (s *UpdateService) PinReleaseKey(ctx context.Context, key string) error {
	return s.PinReleaseKeyFn(ctx, key)
}
func (s *UpdateService) OfferRelease(ctx context.Context, r app.SignedRelease, current, platform string) error {
	return s.OfferReleaseFn(ctx, r, current, platform)
}
func (s *UpdateService) OpenReleasePart(ctx context.Context) (app.PartFile, int64, error) {
	return s.OpenReleasePartFn(ctx)
}
func (s *UpdateService) FinishRelease(ctx context.Context) error { return s.FinishReleaseFn(ctx) }
func (s *UpdateService) FailRelease(ctx context.Context, reason string) error {
	return s.FailReleaseFn(ctx, reason)
}
func (s *UpdateService) ReadyRelease(ctx context.Context) (string, error) {
	return s.ReadyReleaseFn(ctx)
}
func (s *UpdateService) SetUpdate(ctx context.Context, phase app.UpdatePhase, from, backup, reason string) error {
	return s.SetUpdateFn(ctx, phase, from, backup, reason)
}
func (s *UpdateService) MarkStarted(ctx context.Context, version string) error {
	return s.MarkStartedFn(ctx, version)
}
