package app

import (
	"context"
	"time"
)

// AuditEntry records one change: who, what, when.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string // the account's username, or "system" for the command line
	Action string // e.g. "account.create", "roster.import"
	Target string // what was changed, e.g. "account:3"
	Detail string
}

// AuditService reads the audit log; rows are written by the services that
// make the changes, in the same transaction.
type AuditService interface {
	// AuditLog returns the newest entries first.
	AuditLog(ctx context.Context, limit int) ([]*AuditEntry, error)
}
