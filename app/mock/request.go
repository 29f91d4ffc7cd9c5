package mock

import (
	"context"

	"jxj/app"
)

var _ app.BureauConsoleRequests = (*BureauConsoleRequests)(nil)

// BureauConsoleRequests fakes the console's requests.
type BureauConsoleRequests struct {
	RequestQueueFn    func(ctx context.Context) ([]*app.HubRequest, error)
	AllRequestsFn     func(ctx context.Context, f app.RequestFilter) ([]*app.HubRequest, error)
	HubRequestFn      func(ctx context.Context, id int64) (*app.HubRequest, error)
	DecideRequestFn   func(ctx context.Context, d app.RequestDecision) (*app.HubRequest, error)
	SaveRequestFileFn func(ctx context.Context, id int64, pos int, dst string) error
	RequestFiguresFn  func(ctx context.Context) (*app.RequestFigures, error)
}

func (c *BureauConsoleRequests) RequestQueue(ctx context.Context) ([]*app.HubRequest, error) {
	return c.RequestQueueFn(ctx)
}
func (c *BureauConsoleRequests) AllRequests(ctx context.Context, f app.RequestFilter) ([]*app.HubRequest, error) {
	return c.AllRequestsFn(ctx, f)
}
func (c *BureauConsoleRequests) HubRequest(ctx context.Context, id int64) (*app.HubRequest, error) {
	return c.HubRequestFn(ctx, id)
}
func (c *BureauConsoleRequests) DecideRequest(ctx context.Context, d app.RequestDecision) (*app.HubRequest, error) {
	return c.DecideRequestFn(ctx, d)
}
func (c *BureauConsoleRequests) SaveRequestFile(ctx context.Context, id int64, pos int, dst string) error {
	return c.SaveRequestFileFn(ctx, id, pos, dst)
}

func (c *BureauConsoleRequests) RequestFigures(ctx context.Context) (*app.RequestFigures, error) {
	return c.RequestFiguresFn(ctx)
}

var _ app.RequestService = (*RequestService)(nil)

// RequestService fakes the school's requests.
type RequestService struct {
	AttachmentFiles   // attachment.go
	RequestsFn        func(ctx context.Context) ([]*app.Request, error)
	RequestFn         func(ctx context.Context, id int64) (*app.Request, error)
	SaveRequestFn     func(ctx context.Context, d app.RequestDraftInput) (*app.Request, error)
	SubmitRequestFn   func(ctx context.Context, id int64) (*app.Request, error)
	WithdrawRequestFn func(ctx context.Context, id int64) (*app.Request, error)
	DismissRequestFn  func(ctx context.Context, id int64) error
	DeleteDraftFn     func(ctx context.Context, id int64) error
}

func (s *RequestService) Requests(ctx context.Context) ([]*app.Request, error) {
	return s.RequestsFn(ctx)
}
func (s *RequestService) Request(ctx context.Context, id int64) (*app.Request, error) {
	return s.RequestFn(ctx, id)
}
func (s *RequestService) SaveRequest(ctx context.Context, d app.RequestDraftInput) (*app.Request, error) {
	return s.SaveRequestFn(ctx, d)
}
func (s *RequestService) SubmitRequest(ctx context.Context, id int64) (*app.Request, error) {
	return s.SubmitRequestFn(ctx, id)
}
func (s *RequestService) WithdrawRequest(ctx context.Context, id int64) (*app.Request, error) {
	return s.WithdrawRequestFn(ctx, id)
}
func (s *RequestService) DismissRequest(ctx context.Context, id int64) error {
	return s.DismissRequestFn(ctx, id)
}
func (s *RequestService) DeleteDraft(ctx context.Context, id int64) error {
	return s.DeleteDraftFn(ctx, id)
}
