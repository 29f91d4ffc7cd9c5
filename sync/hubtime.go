package sync

import (
	"context"
	"io"
	"net/http"
	"time"

	"jxj/app"
)

// HubTime asks the hub the school is enrolled with whether it answers
// (GET /v1/health) over the same link as a sync (its pinned certificate,
// plain http:// refused beyond this computer unless allowed) and returns
// the time in the answer's Date header, for jxj doctor's clock check. No
// credential is sent.
func (c *Client) HubTime(ctx context.Context, st *app.SyncState) (time.Time, error) {
	hub := link{base: st.HubURL, trust: st.Trust}
	req, err := c.newRequest(ctx, hub, http.MethodGet, "/v1/health", nil)
	if err != nil {
		return time.Time{}, err
	}
	resp, err := c.send(ctx, hub, req)
	if err != nil {
		return time.Time{}, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return time.Time{}, retryable("sync.error.hub_answer", "/v1/health")
	}
	t, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return time.Time{}, retryable("sync.error.hub_answer", "/v1/health")
	}
	return t, nil
}
