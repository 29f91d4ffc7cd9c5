package app

import (
	"testing"
	"time"
)

func TestHubNoticeSchoolBehind(t *testing.T) {
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	done := HubNoticeSchool{Delivered: true, Confirmed: now, Forwarded: now, Families: 40, Read: 40, Acked: 40}
	tests := []struct {
		name   string
		change func(*HubNoticeSchool)
		ack    bool
		want   bool
	}{
		{"all done", func(*HubNoticeSchool) {}, true, false},
		{"not delivered", func(s *HubNoticeSchool) { s.Delivered = false }, false, true},
		{"not confirmed", func(s *HubNoticeSchool) { s.Confirmed = time.Time{} }, false, true},
		{"not forwarded", func(s *HubNoticeSchool) { s.Forwarded = time.Time{} }, false, true},
		{"unread families", func(s *HubNoticeSchool) { s.Read = 39 }, false, true},
		{"read, not acknowledged, no ack asked", func(s *HubNoticeSchool) { s.Acked = 10 }, false, false},
		{"read, not acknowledged, ack asked", func(s *HubNoticeSchool) { s.Acked = 10 }, true, true},
		{"no families", func(s *HubNoticeSchool) { s.Families, s.Read, s.Acked = 0, 0, 0 }, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := done
			tt.change(&s)
			if got := s.Behind(tt.ack); got != tt.want {
				t.Errorf("Behind(%v) of %+v = %v, want %v", tt.ack, s, got, tt.want)
			}
		})
	}
}

func TestBureauStale(t *testing.T) {
	at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	cause := Errorf(EINTERNAL, "hub_accounts.error.unreachable", "https://hub")
	err := error(&BureauStaleError{FetchedAt: at, Err: cause})
	if got, ok := BureauStale(err); !ok || !got.Equal(at) {
		t.Errorf("BureauStale = %v %v, want %v", got, ok, at)
	}
	if !BureauOffline(err) || ErrorCode(err) != EINTERNAL {
		t.Errorf("a stale read's error is not offline: %v", err)
	}
	if _, ok := BureauStale(cause); ok {
		t.Error("a plain error claims a copy")
	}
	if BureauOffline(Errorf(EUNAUTHORIZED, "hub_accounts.error.session")) || BureauOffline(nil) {
		t.Error("a refusal or nil counts as offline")
	}
}
