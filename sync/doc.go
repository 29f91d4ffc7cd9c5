// Package sync is the sync protocol between a school's node and the
// district bureau's hub (PROTOCOL.md): the wire types (protocol.go), the
// node's client (client.go: enrol, the feed down, the outbox up, a
// restored node's catch-up), the hub's HTTP handlers behind `jxj serve`
// (hub.go), its per-address rate limits (limit.go) and the certificate
// checks and pinning of both ends (cert.go). When a school syncs is
// decided by sync/schedule.
//
// Bureau notices come down a per-school feed with an (epoch, seq) cursor;
// receipts go up from an outbox written in the same transaction as the
// change, pseudonymous, never with names or phone numbers.
//
// It depends on app; the hub's and the node's storage live in storage/
// like the rest, behind app.HubStore and app.SyncStore. app must never
// import it. Import it as jxjsync where the name clashes with the
// standard library's sync.
package sync
