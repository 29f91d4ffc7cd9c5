package app

import "testing"

// PackOps folds a notice's receipts into one op with one receipt per
// family, the highest state winning; other rows stay ops of their own,
// in order.
func TestPackOps(t *testing.T) {
	rows := []OutboxRow{
		{Seq: 1, Type: OpNoticeConfirm, Body: []byte(`{"notice":"n1","at":10}`)},
		{Seq: 2, Type: OpReceipts, Body: []byte(`{"notice":"n1","family":7,"state":1,"channel":"phone","at":11,"class":3}`)},
		{Seq: 3, Type: OpReceipts, Body: []byte(`{"notice":"n2","family":7,"state":2,"channel":"slip","at":12,"class":3}`)},
		{Seq: 4, Type: OpReceipts, Body: []byte(`{"notice":"n1","family":7,"state":2,"channel":"slip","at":13,"class":3}`)},
		{Seq: 5, Type: OpReceipts, Body: []byte(`{"notice":"n1","family":8,"state":2,"channel":"slip","at":14,"class":3}`)},
		{Seq: 6, Type: OpReceipts, Body: []byte(`{"notice":"n1","family":8,"state":1,"channel":"phone","at":15,"class":3}`)},
	}
	ops, covers, err := PackOps(rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 3 || ops[0].Type != OpNoticeConfirm || ops[1].Notice != "n1" || ops[2].Notice != "n2" {
		t.Fatalf("ops = %+v", ops)
	}
	want := []ReceiptUp{{Family: 7, State: 2, Channel: "slip", At: 13, Class: 3}, {Family: 8, State: 2, Channel: "slip", At: 14, Class: 3}}
	if got := ops[1].Receipts; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("n1 receipts = %+v, want %+v", got, want)
	}
	if len(covers[1]) != 4 || covers[1][0] != 2 || covers[2][0] != 3 || covers[0][0] != 1 {
		t.Errorf("covers = %v", covers)
	}
	again, _, _ := PackOps(rows)
	for i := range ops {
		if ops[i].Type != again[i].Type || len(ops[i].Receipts) != len(again[i].Receipts) {
			t.Fatalf("packing the same rows twice differs at op %d", i)
		}
	}
}
