package sync

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"

	"jxj/app"
)

// The wire types of sync/PROTOCOL.md, version 1.

// API paths.
const (
	PathEnrol = "/v1/enrol"
	PathFeed  = "/v1/feed"
	PathPush  = "/v1/push"
	PathAdmin = "/v1/admin/"
	// PathReceipts serves a restored school's catch-up.
	PathReceipts = "/v1/receipts"
)

// What a node tells the hub about itself on each authenticated request
// (PROTOCOL.md, Node status): its program version and how many of its
// operations the hub rejected wait at the school.
const (
	HeaderVersion   = "X-JXJ-Version"
	HeaderConflicts = "X-JXJ-Conflicts"
)

// Limits of a request body (PROTOCOL.md, Transport).
const (
	MaxCompressedBody   = 1 << 20
	MaxUncompressedBody = 8 << 20
	// FeedPageBytes is about how much JSON a feed page carries.
	FeedPageBytes = 64 << 10
	// ReceiptsPageSize is how many receipts a catch-up page carries:
	// some tens of KB of JSON, less after gzip.
	ReceiptsPageSize = 2000
)

// EnrolRequest is the body of POST /v1/enrol.
type EnrolRequest struct {
	Code   string `json:"code"`
	School string `json:"school,omitempty"`
	Node   string `json:"node,omitempty"`
}

// EnrolResponse answers an enrolment.
type EnrolResponse struct {
	Org        string `json:"org"`
	Name       string `json:"name"`
	Credential string `json:"credential"`
	Epoch      string `json:"epoch"`
	// ReleaseKey is the hub's release key (base64), for the school to
	// pin; left out when the hub has no release (PROTOCOL.md, Releases).
	ReleaseKey string `json:"release_key,omitempty"`
}

// FeedResponse is a page of GET /v1/feed.
type FeedResponse struct {
	Epoch   string       `json:"epoch"`
	Records []FeedRecord `json:"records"`
	More    bool         `json:"more"`
	// LastBatch is the highest batch number the hub has accepted from
	// the school.
	LastBatch int64 `json:"last_batch"`
}

// ReceiptsResponse is a page of GET /v1/receipts: the school's receipts
// as receipts operations, one per notice, and the cursor after them.
type ReceiptsResponse struct {
	Ops  []Op   `json:"ops"`
	Next string `json:"next"`
	More bool   `json:"more"`
}

// FeedRecord is one record of a feed page.
type FeedRecord struct {
	Seq  int64           `json:"seq"`
	Type string          `json:"type"`
	ID   string          `json:"id"`
	Body json.RawMessage `json:"body"`
}

// PushRequest is the body of POST /v1/push.
type PushRequest struct {
	Batch      int64  `json:"batch"`
	DeviceTime string `json:"device_time,omitempty"`
	Ops        []Op   `json:"ops"`
}

// Op is one operation of a push.
type Op struct {
	Type     string          `json:"type"`
	Notice   string          `json:"notice"`
	At       int64           `json:"at,omitempty"`
	Families int             `json:"families,omitempty"`
	Receipts *ReceiptColumns `json:"receipts,omitempty"`
	Day      *DayColumns     `json:"day,omitempty"`
	// Answer is an OpSurveyAnswer's body: counts, choices and text only.
	Answer *app.SurveyAnswerUp `json:"answer,omitempty"`
	// Request is an OpRequestSubmit's or OpRequestWithdraw's body.
	Request *app.RequestUp `json:"request,omitempty"`
	// Course is an OpCourseStats's body: counts only.
	Course *app.CourseStatsUp `json:"course,omitempty"`
}

// ReceiptColumns carries the receipts of one notice column by column;
// Family and At are delta-encoded (the first value is absolute).
type ReceiptColumns struct {
	Family  []int64  `json:"fam"`
	State   []int    `json:"state"`
	Channel []string `json:"ch"`
	At      []int64  `json:"at"`
	Class   []int64  `json:"class"`
}

// PushResponse answers a push: one result per op, in order.
type PushResponse struct {
	Batch   int64      `json:"batch"`
	Results []OpResult `json:"results"`
}

// OpResult is the result of one op. Key and Args, when the hub has
// them, name the message in jxj's translations, as in ErrorResponse.
type OpResult struct {
	Status  string `json:"status"` // "ok" or "rejected"
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	Key     string `json:"key,omitempty"`
	Args    []any  `json:"args,omitempty"`
}

// ErrorResponse is the body of every error answer. Key and Args, when
// the hub has them, name the message in jxj's translations, so a node
// shows it in its user's language; Message is the English text.
type ErrorResponse struct {
	Error   string `json:"error"`
	Message string `json:"message"`
	Key     string `json:"key,omitempty"`
	Args    []any  `json:"args,omitempty"`
	Epoch   string `json:"epoch,omitempty"`
}

// The error codes of PROTOCOL.md.
const (
	ErrBadRequest   = "bad_request"
	ErrUnauthorized = "unauthorized"
	ErrForbidden    = "forbidden"
	ErrNotFound     = "not_found"
	ErrConflict     = "conflict"
	ErrEpoch        = "epoch"
	ErrTooLarge     = "too_large"
	ErrTooMany      = "too_many"
	ErrInternal     = "internal"
)

// EncodeOps turns a batch's operations into their wire form.
func EncodeOps(ops []app.OutOp) []Op {
	out := make([]Op, len(ops))
	for i, op := range ops {
		out[i] = Op{Type: op.Type, Notice: op.Notice, At: op.At, Families: op.Families, Answer: op.Answer, Request: op.Request, Course: op.Course}
		if op.Type == app.OpReceipts {
			out[i].Receipts = encodeReceipts(op.Receipts)
		}
		if op.Type == app.OpDayStats && op.Day != nil {
			out[i].Day = encodeDay(op.Day)
		}
	}
	return out
}

func encodeReceipts(rs []app.ReceiptUp) *ReceiptColumns {
	c := &ReceiptColumns{
		Family: make([]int64, len(rs)), State: make([]int, len(rs)), Channel: make([]string, len(rs)),
		At: make([]int64, len(rs)), Class: make([]int64, len(rs)),
	}
	var family, at int64
	for i, r := range rs {
		c.Family[i], family = r.Family-family, r.Family
		c.At[i], at = r.At-at, r.At
		c.State[i], c.Channel[i], c.Class[i] = int(r.State), string(r.Channel), r.Class
	}
	return c
}

// DecodeOps reads the operations of a push; a receipts op whose columns
// differ in length is an error.
func DecodeOps(ops []Op) ([]app.OutOp, error) {
	out := make([]app.OutOp, len(ops))
	for i, op := range ops {
		out[i] = app.OutOp{Type: op.Type, Notice: op.Notice, At: op.At, Families: op.Families, Answer: op.Answer, Request: op.Request, Course: op.Course}
		if op.Type == app.OpDayStats {
			d, err := decodeDay(op.Day)
			if err != nil {
				return nil, fmt.Errorf("op %d: %w", i, err)
			}
			out[i].Day = d
			continue
		}
		if op.Type != app.OpReceipts {
			continue
		}
		c := op.Receipts
		if c == nil {
			return nil, fmt.Errorf("op %d: receipts missing", i)
		}
		n := len(c.Family)
		if len(c.State) != n || len(c.Channel) != n || len(c.At) != n || len(c.Class) != n {
			return nil, fmt.Errorf("op %d: receipt columns of different lengths", i)
		}
		rs := make([]app.ReceiptUp, n)
		var family, at int64
		for j := range n {
			family += c.Family[j]
			at += c.At[j]
			rs[j] = app.ReceiptUp{Family: family, State: app.ReceiptState(c.State[j]), Channel: app.Channel(c.Channel[j]), At: at, Class: c.Class[j]}
		}
		out[i].Receipts = rs
	}
	return out, nil
}

// OpsHash identifies a batch's content: the SHA-256 of its ops' JSON as
// this package encodes them, so the node and the hub compute the same
// hash from the same ops however the request was formatted.
func OpsHash(ops []Op) []byte {
	b, err := json.Marshal(ops)
	if err != nil {
		return nil // the ops are plain data: Marshal cannot fail
	}
	sum := sha256.Sum256(b)
	return sum[:]
}
