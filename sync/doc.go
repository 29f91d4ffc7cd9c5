// Package sync will hold the sync protocol between a school's node and the
// district bureau's hub (DESIGN.md §5): the wire types, the node's client
// and its gocron scheduler, and the hub's HTTP handlers behind `jxj serve`.
// Bureau notices come down a per-school feed with an (epoch, seq) cursor;
// receipts go up from an outbox written in the same transaction as the
// change, pseudonymous, never with names or phone numbers.
//
// Nothing lives here yet. It depends on app (and the hub's storage lives in
// storage/ like the rest); app must never import it. Import it as jxjsync
// where the name clashes with the standard library's sync.
package sync
