package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestCheckIntegrity(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := CheckIntegrity(ctx, dir); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("empty folder: %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(err) {
		t.Fatalf("the check made a database: %v", err)
	}
	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckIntegrity(ctx, dir); err != nil {
		t.Errorf("while the database is open: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckIntegrity(ctx, dir); err != nil {
		t.Errorf("a whole database: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if string(before) != string(after) {
		t.Error("the check changed the database file")
	}

	// a page overwritten in the middle of the file
	damagedCopy := append([]byte(nil), before...)
	for i := 4096 * 2; i < 4096*3 && i < len(damagedCopy); i++ {
		damagedCopy[i] = 0xA5
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), damagedCopy, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CheckIntegrity(ctx, dir); !IsDamaged(err) {
		t.Errorf("an overwritten page: %v, want damaged", err)
	}

	if err := os.Remove(filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	if err := CheckIntegrity(ctx, dir); !IsDamaged(err) {
		t.Errorf("a database gone after it was made: %v, want damaged", err)
	}
}
