package console

import (
	"context"
	"strconv"

	"jxj/app"
)

// The officer's queue and each request seen are kept as the notices are
// (requests.json, request-<id>.json); deciding and downloading a file are
// refused while the copy is browsed.

// RequestQueue lists the officer's queue, or the copy when the hub does
// not answer.
func (c *Cache) RequestQueue(ctx context.Context) ([]*app.HubRequest, error) {
	return read(c, "requests", func() ([]*app.HubRequest, error) { return c.BureauConsole.RequestQueue(ctx) })
}

// HubRequest returns a request, or its copy when the hub does not answer.
func (c *Cache) HubRequest(ctx context.Context, id int64) (*app.HubRequest, error) {
	return read(c, "request-"+strconv.FormatInt(id, 10), func() (*app.HubRequest, error) { return c.BureauConsole.HubRequest(ctx, id) })
}

// RequestFigures returns the requests' figures, or their copy when the
// hub does not answer.
func (c *Cache) RequestFigures(ctx context.Context) (*app.RequestFigures, error) {
	return read(c, "request-figures", func() (*app.RequestFigures, error) { return c.BureauConsole.RequestFigures(ctx) })
}

func (c *Cache) DecideRequest(ctx context.Context, d app.RequestDecision) (*app.HubRequest, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.DecideRequest(ctx, d)
}

func (c *Cache) SaveRequestFile(ctx context.Context, id int64, pos int, dst string) error {
	if err := c.offline(); err != nil {
		return err
	}
	return c.BureauConsole.SaveRequestFile(ctx, id, pos, dst)
}
