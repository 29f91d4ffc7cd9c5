// Package storage keeps a school's data in one SQLite file
// (modernc.org/sqlite, no cgo) and implements the app services on it
// (DB.Services: org, accounts, classes, staff, the parent directory,
// roster imports, school years and student status, the audit log,
// notices and receipts, homework, forms, attendance, leave, exams,
// backups, the cockpit, and the node's side of sync). The district hub's
// data is a second kind of file, opened with OpenHub (hub*.go).
//
// Every change goes through DB.write, one transaction that also holds the
// change's audit row. Reads use a separate pool of read-only connections.
// A file is checked on every open (quick_check) and its schema brought up
// to date by the numbered migrations in migrations/ (migrate.go).
//
// Its subpackages write and read the files a school exchanges: xlsx (the
// spreadsheets), pdf (notices, slips, result slips, the cockpit) and chart
// (the charts as PNG pictures); selfupdate swaps the running binary for a
// new version and back.
//
// It depends on app and nothing above it: never import app/ui, app/cli or
// sync from here.
package storage
