package storage

import (
	"context"
	"fmt"
	"testing"

	"jxj/app"
)

// testHub is a hub with one enrolled school that was sent and delivered
// the given number of notices; it returns their uuids.
func testHub(t *testing.T, notices int) (*Hub, int64, []string) {
	t.Helper()
	ctx := context.Background()
	h, err := OpenHub(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	org, code, err := h.AddOrg(ctx, app.HubOrgDraft{Name: "城关镇第一小学", Kind: app.OrgPrimary})
	if err != nil {
		t.Fatal(err)
	}
	_, _, epoch, err := h.Enrol(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	var uuids []string
	for i := range notices {
		n, err := h.PublishNotice(ctx, app.HubNoticeDraft{Title: fmt.Sprintf("通知 %d", i+1)})
		if err != nil {
			t.Fatal(err)
		}
		uuids = append(uuids, n.UUID)
	}
	// the school's feed request after the last notice: all delivered
	if _, err := h.Feed(ctx, org.ID, epoch, int64(notices), 64<<10); err != nil {
		t.Fatal(err)
	}
	return h, org.ID, uuids
}

// push sends one batch and fails the test unless every op is accepted.
func push(t *testing.T, h *Hub, org, batch int64, ops ...app.OutOp) {
	t.Helper()
	rs, err := h.Push(context.Background(), org, batch, []byte(fmt.Sprint(batch)), ops)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		if !r.OK {
			t.Fatalf("batch %d op %d refused: %s %s", batch, i, r.Code, r.Message)
		}
	}
}

func receiptsOp(notice string, rs ...app.ReceiptUp) app.OutOp {
	return app.OutOp{Type: app.OpReceipts, Notice: notice, Receipts: rs}
}

func forwardOp(notice string, families int) app.OutOp {
	return app.OutOp{Type: app.OpNoticeForward, Notice: notice, At: 1, Families: families}
}

func receiptUp(family int64, state app.ReceiptState) app.ReceiptUp {
	return app.ReceiptUp{Family: family, State: state, Channel: app.ChannelSlip, At: 100, Class: 1}
}

// A catch-up gets the receipts raised by batches after the restore
// point, page by page in the order of notice and family: a receipt
// raised again later is in, one sent again with the same state is not.
func TestHubReceiptsSince(t *testing.T) {
	h, org, ns := testHub(t, 2)
	ctx := context.Background()
	push(t, h, org, 1, forwardOp(ns[0], 10), forwardOp(ns[1], 10),
		receiptsOp(ns[0], receiptUp(1, app.ReceiptRead), receiptUp(2, app.ReceiptRead), receiptUp(3, app.ReceiptAcked)))
	// after the backup (the node's counter at 1)
	push(t, h, org, 2, receiptsOp(ns[0], receiptUp(1, app.ReceiptAcked), receiptUp(3, app.ReceiptAcked), receiptUp(4, app.ReceiptRead)))
	push(t, h, org, 3, receiptsOp(ns[1], receiptUp(5, app.ReceiptAcked), receiptUp(6, app.ReceiptRead)))

	name := map[string]string{ns[0]: "a", ns[1]: "b"}
	var got []string
	after := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("the pages do not end")
		}
		page, err := h.Receipts(ctx, org, 1, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range page.Ops {
			for _, r := range op.Receipts {
				got = append(got, fmt.Sprintf("%s/%d/%d", name[op.Notice], r.Family, r.State))
			}
		}
		if !page.More {
			break
		}
		after = page.Next
	}
	if want := []string{"a/1/2", "a/4/1", "b/5/2", "b/6/1"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("caught up %v, want %v", got, want)
	}
	if page, err := h.Receipts(ctx, org, 0, "", 100); err != nil || len(page.Ops) != 2 || len(page.Ops[0].Receipts) != 4 {
		t.Errorf("since 0: %+v, %v; want every receipt", page, err)
	}
	if _, err := h.Receipts(ctx, org, 0, "x.1", 100); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("a cursor the hub did not give: %v, want EINVALID", err)
	}
}
