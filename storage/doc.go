// Package storage keeps the school's data in one SQLite file
// (modernc.org/sqlite, no cgo) and implements the app services on it:
// org, accounts, classes, staff, the parent directory, roster imports and
// the audit log.
//
// Every change goes through DB.write, one transaction that also holds the
// change's audit row. Reads use a separate pool of read-only connections.
//
// It depends on app and nothing above it: never import app/ui, app/cli or
// sync from here.
package storage
