package app

import "testing"

func TestReceiptCounts(t *testing.T) {
	a := ReceiptCounts{Total: 4, Unread: 1, Read: 1, Acked: 2}
	b := ReceiptCounts{Total: 6, Unread: 5, Acked: 1}
	if got, want := a.Plus(b), (ReceiptCounts{Total: 10, Unread: 6, Read: 1, Acked: 3}); got != want {
		t.Errorf("Plus = %+v; want %+v", got, want)
	}
	tests := []struct {
		c    ReceiptCounts
		want float64
	}{
		{a, 0.5},
		{ReceiptCounts{Total: 3}, 0},
		{ReceiptCounts{}, 0}, // none sent: 0, not NaN
	}
	for _, tt := range tests {
		if got := tt.c.AckedRate(); got != tt.want {
			t.Errorf("%+v.AckedRate() = %v; want %v", tt.c, got, tt.want)
		}
	}
}
