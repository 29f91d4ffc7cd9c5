package app

import (
	"slices"
	"testing"
	"time"
)

// RemindBehind counts as the hub does: not confirmed or not forwarded,
// or acknowledged by fewer than the share asked; revoked schools never.
func TestRemindBehind(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	st := &HubNoticeStatus{Notice: &HubNotice{RequiresAck: true}, Schools: []HubNoticeSchool{
		{Org: HubOrg{ID: 1}, Confirmed: at, Forwarded: at, Families: 10, Acked: 10},
		{Org: HubOrg{ID: 2}, Confirmed: at, Forwarded: at, Families: 10, Acked: 8},
		{Org: HubOrg{ID: 3}, Confirmed: at, Families: 10, Acked: 10},
		{Org: HubOrg{ID: 4}, Confirmed: at, Forwarded: at},
		{Org: HubOrg{ID: 5, Revoked: true}},
	}}
	ids := func(ss []HubNoticeSchool) []int64 {
		var out []int64
		for _, s := range ss {
			out = append(out, s.Org.ID)
		}
		return out
	}
	tests := []struct {
		ack     bool
		percent int
		want    []int64
	}{
		{true, 90, []int64{2, 3, 4}},
		{true, 80, []int64{3, 4}},
		{false, 90, []int64{3}},
	}
	for _, tt := range tests {
		st.Notice.RequiresAck = tt.ack
		if got := ids(RemindBehind(st, tt.percent)); !slices.Equal(got, tt.want) {
			t.Errorf("ack %v at %d%%: %v, want %v", tt.ack, tt.percent, got, tt.want)
		}
	}
}
