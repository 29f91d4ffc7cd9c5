package app

import (
	"errors"
	"time"
)

// ConsoleConfig is what the bureau console keeps in its data folder
// (console.json): which hub it works with, the hub's pinned certificate
// and the last username, so the next start opens its login directly.
// Never a password or a session token.
type ConsoleConfig struct {
	HubURL      string `json:"hub_url"`
	Fingerprint string `json:"fingerprint,omitempty"` // SHA256:…, "" for a hub the system's authorities vouch for
	Username    string `json:"username,omitempty"`
}

// BureauStaleError comes with data the hub could not give: what the
// console fetched last, at FetchedAt, read from its cache. The data is
// returned along with it; Err says why the hub did not answer.
type BureauStaleError struct {
	FetchedAt time.Time
	Err       error
}

func (e *BureauStaleError) Error() string {
	return "stale since " + e.FetchedAt.String() + ": " + e.Err.Error()
}
func (e *BureauStaleError) Unwrap() error { return e.Err }

// BureauStale reports whether err came with cached data, and its time.
func BureauStale(err error) (time.Time, bool) {
	var se *BureauStaleError
	if errors.As(err, &se) {
		return se.FetchedAt, true
	}
	return time.Time{}, false
}

// BureauOffline reports whether err means the hub gave no answer (it
// cannot be reached, or it failed): the console may show its cache. A
// refusal (a wrong password, an ended session, a certificate not
// trusted) is not that: the officer has to act on it.
func BureauOffline(err error) bool {
	return err != nil && ErrorCode(err) == EINTERNAL
}

// BureauCache is a BureauConsole that keeps what it fetched last (the
// schools, the notices and their progress): a read the hub cannot answer
// returns the kept copy with a *BureauStaleError.
type BureauCache interface {
	BureauConsole
	// Kept reports whether something of hubURL's is kept.
	Kept(hubURL string) bool
	// Browse makes reads answer from the cache without a login, for a
	// console whose hub cannot be reached; it reports false when nothing
	// of hubURL is kept. A login ends it.
	Browse(hubURL string) bool
}

// Behind reports whether a school is behind with a bureau notice: not
// delivered, confirmed or forwarded yet, or families that have not read
// it (not acknowledged it, when the notice asks for that).
func (s HubNoticeSchool) Behind(requiresAck bool) bool {
	done := s.Read
	if requiresAck {
		done = s.Acked
	}
	return !s.Delivered || s.Confirmed.IsZero() || s.Forwarded.IsZero() || done < s.Families
}
