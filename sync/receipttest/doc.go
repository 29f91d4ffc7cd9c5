// Package receipttest reads the receipts of a bureau notice straight from
// a school node's and a hub's database files, by family number, so that a
// test can check that both hold every receipt once and in the same state.
//
// It is for tests only: it opens the files read-only with the SQLite
// driver and imports no jxj package; production code must not import it.
package receipttest
